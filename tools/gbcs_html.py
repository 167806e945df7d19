"""Reads the DLMS COSEM tables of every use case in ../shared/reference/gbcs-use-cases.html.

Yields one dict per table row with the columns of USE-CASES-DLMS.tsv (use_case, seq, mapping_row, name, class_id,
obis, attr_or_method, id, attr_method_name, dlms_type, constant, notes), so the generators can take the use cases
that TSV leaves out from GBCS's own tables. Only the standard library: run from the repository root.
"""
import html, os, re

SRC = os.path.join('..', 'shared', 'reference', 'gbcs-use-cases.html')
COLUMNS = ['mapping_row', 'ref', 'name', 'class_id', 'obis', 'attr_or_method', 'id', 'attr_method_name',
           'dlms_type', 'constant', 'notes']


def _text(cell):
    return re.sub(r'\s+', ' ', html.unescape(re.sub(r'<[^>]+>', ' ', cell))).strip()


def sections(path=SRC):
    """(use case id, target, section html) for every use case heading."""
    s = open(path, encoding='utf-8').read()
    heads = list(re.finditer(r'<span class="h1p5" id="([A-Z]+[0-9A-Za-z]*)">', s))
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(s)
        before = s[max(0, m.start() - 600):m.start()]
        t = re.findall(r'<th[^>]*>Target</th><td>([^<]*)</td>', before)
        yield m.group(1), (t[-1].strip() if t else ''), s[m.start():end]


def rows(path=SRC):
    for uc, target, sec in sections(path):
        d = sec.find('class="ucdlms"')
        if d < 0:
            continue
        table = sec[d:sec.find('</table>', d)]
        seq = 0
        for tr in re.findall(r'<tr[^>]*>(.*?)</tr>', table, re.S):
            cells = re.findall(r'<td[^>]*>(.*?)</td>', tr, re.S)
            if len(cells) != len(COLUMNS):
                continue
            r = dict(zip(COLUMNS, (_text(c) for c in cells)))
            seq += 1
            r.update(use_case=uc, target=target, seq=str(seq))
            yield r
