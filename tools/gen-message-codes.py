#!/usr/bin/env python3
"""Regenerates gbcs-codec's message-code table from the GBCS use-case facts in ../shared/reference/gbcs.

The output is our own compact form of facts (message codes, names, message types, flags, roles); run it from
the repository root when the reference tables change:  python3 tools/gen-message-codes.py
"""
import csv, collections, os, sys
# Use cases the RTDS has no response for, so no date-time header to read: decided by analogy with their siblings.
# ECS17a answers like ECS17b-e (a register read carries the time of the reading; DCC's own 4.2 answer has it); the
# other reads and settings like theirs (no date-time); CCS02 like CCS01, the hub's other log change. All are DLMS.
BY_ANALOGY = {'CCS02': 'n', 'ECS17a': 'y', 'ECS18b': 'y', 'ECS22a': 'n', 'ECS26f': 'n', 'ECS29c': 'n', 'ECS34': 'n', 'ECS35e': 'n', 'ECS61e': 'n'}

ref = os.path.join('..', 'shared', 'reference', 'gbcs')
out = os.path.join('gbcs-codec', 'src', 'main', 'resources', 'org', 'dccsim', 'gbcs', 'usecase', 'message-codes.tsv')
if not os.path.isdir(ref):
    sys.exit('../shared/reference/gbcs not found: run from the repository root beside ../shared')

def rows(name):
    with open(os.path.join(ref, name), newline='') as f:
        return list(csv.DictReader(f, delimiter='\t'))

uc = {r['use_case']: r for r in rows('USE-CASES.tsv')}
# USE-CASES.tsv leaves out use cases GBCS's own HTML tables list; take their cross references from there.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gbcs_html
for k, r in gbcs_html.facts().items():
    uc.setdefault(k, r)
# The RTDS's CCS05CCS04 (0x0004, the CHF device log read of 8.9) is in neither table; it reads what CCS06 reads
# (active_devices), so it takes CCS06's cross references: ACB only, not replay-protected, target CHF.
if 'CCS05CCS04' not in uc and 'CCS06' in uc:
    uc['CCS05CCS04'] = dict(uc['CCS06'], use_case='CCS05CCS04', title='Read CHF device log', message_code='0x0004')
codes = collections.OrderedDict()
for r in rows('rtds-manifest.tsv'):
    code = int(r['message_code'], 16)
    e = codes.setdefault(code, {'ucs': [], 'family': set(), 'dt': set(), 'srv': set(), 'srvname': set()})
    # Where the use-case table is silent, the RTDS shows criticality: signed commands and alerts are critical.
    e.setdefault('kinds', set()).add((r['kind'], r['signature_field']))
    if r['use_case'] not in e['ucs']:
        e['ucs'].append(r['use_case'])
    e['family'].add(r['payload_family'])
    if r['kind'] == 'RESPONSE':
        e['dt'].add('y' if r['future_dated_datetime'] else 'n')
    if r['srv_variant'] and r['srv_variant'] != 'NA':
        e['srv'].add(r['srv_variant'])
    if r['srv_name']:
        e['srvname'].add(r['srv_name'])
for k, r in uc.items():
    mc = r['message_code'].split(' ')[0]
    if mc.startswith('0x') and '/' not in mc:
        code = int(mc, 16)
        e = codes.setdefault(code, {'ucs': [], 'family': set(), 'dt': set(), 'srv': set(), 'srvname': set()})
        if k not in e['ucs']:
            e['ucs'].insert(0, k)

# The DUIS SRV table names a message code for use cases neither table above has (ECS18b, 4.12.1, say): an
# electricity command known only there is added with its SRV's name and criticality.
srv_table = os.path.join('..', 'shared', 'reference', 'duis', 'srv-table.tsv')
with open(srv_table, newline='') as f:
    for r in csv.DictReader(f, delimiter='\t'):
        ucs = [x.strip() for x in r['GBCS use case(s)'].split(';')]
        mcs = [x.strip() for x in r['GBCS message code(s) per gbcs-parser'].split(';')]
        if len(ucs) != len(mcs):
            continue
        for u, m in zip(ucs, mcs):
            if not (u.startswith('ECS') or u.startswith('CCS')) or not m.startswith('0x'):
                continue
            code = int(m, 16)
            if code in codes:
                # A use case the RTDS lacks but GBCS's tables name (ECS18b) still takes its SRV from here.
                if not codes[code]['srv'] and u in codes[code]['ucs']:
                    codes[code]['srv'].add(r['SRV'])
                continue
            kind = ('COMMAND', 'present' if r['critical(y/n)'] == 'y' else 'absent')
            codes[code] = {'ucs': [u], 'family': set(), 'dt': set(), 'srv': {r['SRV']}, 'srvname': {r['name']},
                           'kinds': {kind}}

# Alert codes shared by many use cases are named for the alert itself (GBCS 7.2.x).
shared_alerts = {0x00CC: ('FDA-DLMS', 'Future Dated Execution Of Instruction Alert (DLMS)'),
                 0x00CD: ('FDA-GBZ', 'Future Dated Execution Of Instruction Alert (GBZ)'),
                 0x1000: ('GCA', 'Generic Critical Alert'),
                 0x1001: ('GNCA', 'Generic Non-Critical Alert')}
roles_map = {'Supplier': 'SUPPLIER', 'Network Operator': 'NETWORK_OPERATOR', 'Access Control Broker': 'ACB',
             'Load Controller': 'LOAD_CONTROLLER', 'Other User': 'OTHER_USER', 'WAN Provider': 'WAN_PROVIDER',
             'Transitional CoS': 'TRANSITIONAL_COS', 'Recovery': 'RECOVERY'}
with open(out, 'w') as f:
    f.write('# GBCS message codes: code, use case, name, message type (SME.C.C critical command, SME.C.NC\n')
    f.write('# non-critical command, SME.A.C/SME.A.NC alerts, - unknown), future-datable, replay-protected,\n')
    f.write('# payload family, response carries a date-time, remote party roles, target devices, DUIS SRVs.\n')
    f.write('# Generated by tools/gen-message-codes.py from the GBCS use-case tables and the RTDS manifest.\n')
    for code in sorted(codes):
        e = codes[code]
        if code in shared_alerts:
            ucid, name = shared_alerts[code]
            u = {}
        else:
            ucid = '/'.join(e['ucs'])
            u = next((uc[x] for x in e['ucs'] if x in uc), {})
            name = u.get('title', '') or next(iter(sorted(e['srvname'])), '')
            first = e['ucs'][0]
            if name.startswith(first + ' '):
                name = name[len(first) + 1:]
        # GBCS qualifies some types in words ("SME.C.NC but with additional cryptographic processing ..."): the
        # type is the first word.
        mtype = (u.get('message_type', '') or '-').split(' ')[0]
        if not mtype.startswith('SME.'):
            kinds = e.get('kinds', set())
            if any(k == 'COMMAND' for k, _ in kinds):
                mtype = 'SME.C.C' if ('COMMAND', 'present') in kinds else 'SME.C.NC'
            elif any(k == 'ALERT' for k, _ in kinds) and code not in (0x1000, 0x1001):
                mtype = 'SME.A.C' if ('ALERT', 'present') in kinds else 'SME.A.NC'
            else:
                mtype = '-'
        fd = {'Yes': 'y', 'No': 'n'}.get(u.get('future_dated_capable', ''), '-')
        rp = {'Yes': 'y', 'No': 'n'}.get(u.get('replay_protection', ''), '-')
        fam = '/'.join(sorted(e['family'])) or '-'
        dt = 'y' if e['dt'] == {'y'} else 'n' if e['dt'] == {'n'} else '-' if not e['dt'] else 'mixed'
        if dt == '-' and ucid in BY_ANALOGY:
            dt = BY_ANALOGY[ucid]
            fam = 'DLMS' if fam == '-' else fam
        # Only the GBCS remote party roles: a cell that refers the reader elsewhere ("See GBCS ...") or says
        # "(none)" (alerts) names no role a device checks.
        roles = ','.join(roles_map[x.strip()] for x in u.get('remote_party_roles', '').split(',')
                         if x.strip() in roles_map) or '-'
        devs = u.get('target_device_types', '').replace(' ', '') or '-'
        srv = ','.join(sorted(e['srv'])) or '-'
        f.write('\t'.join([f'{code:04X}', ucid, name.replace('\t', ' '), mtype, fd, rp, fam, dt, roles, devs, srv]) + '\n')
print('wrote', out, len(codes), 'codes')
