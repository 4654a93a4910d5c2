#!/usr/bin/python3
"""Compares two bench/notebook-outputs.sh results after masking what moves from run to run: times, dates, pids, the
host's memory figures and temporary paths. The tensors' and variables' figures are compared as they are.
usage: compare_notebooks.py A.json B.json"""
import json, re, sys, difflib

MASKS = [
    (r'/tmp/[\w./-]+', '<TMP>'),
    (r'\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?( UTC|Z)?', '<DATE>'),
    (r'\bpid \d+', 'pid <PID>'),
    # the host's figures move from run to run, the tensors' do not
    (r'(JVM heap|of|native|RSS|available|host RSS|->|\(\+|\(-|available \(|has available \()( |&nbsp;)\d+(\.\d+)?( |&nbsp;)(B|KiB|MiB|GiB|TiB)',
     r'\1 <SIZE>'),
    (r'Now: \d+(\.\d+)?( |&nbsp;)(B|KiB|MiB|GiB|TiB)', 'Now: <SIZE>'),
    (r'\d+(\.\d+)?( |&nbsp;)(B|KiB|MiB|GiB|TiB) available', '<SIZE> available'),
    (r'(-&gt;|has available) \(?\d+(\.\d+)?( |&nbsp;)(B|KiB|MiB|GiB|TiB)', r'\1 <SIZE>'),
    (r'\([-+]\d+(\.\d+)?( |&nbsp;)(B|KiB|MiB|GiB|TiB)\)', '(<SIZE>)'),
    (r', \d+ of them scanning', ', <N> of them scanning'),
    (r'\d+(\.\d+)? ?(ms|s)\b', '<TIME>'),
    (r'"(residentBytes|heapUsedBytes|heapMaxBytes|availableBytes|javacppBytes|scanMillis|takenAt|pid)": ?[^,}]+', r'"\1": <N>'),
    (r'\b(\d+ tries)', '<TRIES>'),
    (r'batch size \d+', 'batch size <N>'),
    (r'^ +\d+  (fitted|out of memory).*$', '<TRY>'),
    (r'data:image/png;base64,[A-Za-z0-9+/=]+', '<PNG>'),
]

def norm(text):
    for pattern, repl in MASKS:
        text = re.sub(pattern, repl, text, flags=re.M)
    return text

def lines(report):
    out = []
    for nb in sorted(report):
        for i, cell in enumerate(report[nb]):
            out.append(f'== {nb} cell {i}: {cell["source"][:60]!r}')
            for o in cell['outputs']:
                for key in ('type', 'ename', 'evalue', 'text', 'html'):
                    if key in o and o[key]:
                        out.extend(f'{key}: {l}' for l in norm(str(o[key])).splitlines())
    return out

a, b = (json.load(open(p)) for p in sys.argv[1:3])
la, lb = lines(a), lines(b)
diff = list(difflib.unified_diff(la, lb, sys.argv[1], sys.argv[2], lineterm='', n=1))
print('\n'.join(diff) if diff else f'same after masking: {len(la)} lines')
