"""What the benchmark scripts share: a cell run through jupyter_client that must succeed, and a percentile."""


def run(kc, code, timeout):
    """Runs `code` and returns the IOPub message types it published; a cell that fails ends the benchmark."""
    published = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: published.append(msg["msg_type"]))
    if reply["content"]["status"] != "ok":
        raise SystemExit(f"cell failed: {code!r}: {reply['content']}")
    return published


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
