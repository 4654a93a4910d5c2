#!/usr/bin/python3
"""Executes notebooks with Debian's nbclient on the given kernel; writes each executed notebook to
OUT_DIR and prints, as JSON, every code cell's source and outputs, for NotebooksIT to check.
usage: run_notebooks.py KERNEL_NAME OUT_DIR NOTEBOOK..."""
import json, os, sys

import nbformat
from nbclient import NotebookClient

name, out_dir, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
report = {}
for path in paths:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name=name, timeout=600, allow_errors=True,
                   resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}}).execute()
    nbformat.write(nb, os.path.join(out_dir, os.path.basename(path)))
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                outputs.append({"type": "stream", "text": out.text})
            elif out.output_type in ("execute_result", "display_data"):
                outputs.append({"type": out.output_type, "text": out.data.get("text/plain", ""),
                                "html": out.data.get("text/html", "")})
            elif out.output_type == "error":
                outputs.append({"type": "error", "ename": out.ename, "evalue": out.evalue})
        cells.append({"source": cell.source, "tags": cell.metadata.get("tags", []), "outputs": outputs})
    report[os.path.basename(path)] = cells
print(json.dumps(report))
