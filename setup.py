"""The compiled parts of juesuan: the PDF reader's per-character and per-object loops
(read/_charloop.c) and the page layout's (read/_layoutloop.c).

They are optional: where no C compiler is at hand the install goes on and the reader runs the
same loops in Python (pdf_chars.python_char_loop, python_scan_objects, pdf_layout.
python_chars_to_lines and their neighbours). All other configuration is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "juesuan.read._charloop",
            ["src/juesuan/read/_charloop.c"],
            optional=True,  # a failed build is a warning, not a failed install
            py_limited_api=True,  # the stable ABI of Python 3.11 (Py_LIMITED_API in the source)
        ),
        Extension(
            "juesuan.read._layoutloop",
            ["src/juesuan/read/_layoutloop.c"],
            optional=True,
            py_limited_api=True,
        ),
    ]
)
