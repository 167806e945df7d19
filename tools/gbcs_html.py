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


def facts(path=SRC):
    """Per use case id, the pair's cross references as USE-CASES.tsv names them (message_type,
    future_dated_capable, replay_protection, remote_party_roles, target_device_types, message_code, title), so
    the message-code table can take use cases USE-CASES.tsv leaves out (the CHF's CCS01-CCS07) from GBCS itself."""
    s = open(path, encoding='utf-8').read()
    pairs = list(re.finditer(r'<div class="pairheader">', s))
    out = {}
    for i, m in enumerate(pairs):
        block = s[m.start():pairs[i + 1].start() if i + 1 < len(pairs) else len(s)]
        xref = {}
        for k, v in re.findall(r'<tr>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td></tr>', block):
            xref[_text(k)] = _text(v)
        access = block.find('class="ucaccess"')
        roles = []
        if access >= 0:
            table = block[access:block.find('</table>', access)]
            roles = [_text(c) for c in re.findall(r'<td[^>]*>(.*?)</td>', table, re.S)]
        for h in re.finditer(r'<th[^>]*>Target</th><td>([^<]*)</td></tr>\s*<tr><th[^>]*>Message Code</th>'
                             r'<td>([^<]*)</td></tr>\s*</tbody></table><span class="h1p5" id="([^"]+)">([^<]*)</span>', block):
            uc = h.group(3)
            title = _text(h.group(4))
            out[uc] = {'use_case': uc, 'title': title[len(uc) + 1:] if title.startswith(uc + ' ') else title,
                       'message_code': h.group(2).strip(), 'target_device_types': h.group(1).strip(),
                       'message_type': xref.get('Message Type', ''),
                       'future_dated_capable': xref.get('Capable of Future Dated Invocation', ''),
                       'replay_protection': xref.get('Protection Against Replay required', ''),
                       'remote_party_roles': ','.join(r for r in roles if r)}
    return out
