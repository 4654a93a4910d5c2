#!/usr/bin/python3
"""Jupyter's own conformance suite, jupyter_kernel_test 0.4.5 (Debian's python3-jupyter-kernel-test), against the
installed kernel, with a sample for every test it offers. KernelConformanceIT runs it and fails on any failure or skip.

usage: kernel_conformance.py KERNEL_NAME   (then the unittest arguments, e.g. -v)"""
import sys
import unittest

import jupyter_kernel_test

KERNEL = sys.argv.pop(1)


class GpuMagicsKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'
    code_page_something = "Math.max?"
    code_generate_error = 'throw new IllegalStateException("on purpose");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"x".repeat(3)', "result": "xxx"},
        {"code": "new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB)", "mime": "image/png"},
    ]
    code_display_data = [{"code": "%jars", "mime": "text/plain"}]
    code_history_pattern = "6 ?*"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max"
    code_clear_output = '%clear_output'

    completion_samples = [{"text": "Math.ab", "matches": {"abs(", "absExact("}}]
    complete_code_samples = ["1 + 1", "int q = 3;", "%jars"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "String s = \"a\" +"]
    invalid_code_samples = ["int x = );", "}"]


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]] + sys.argv[1:])
