"""A PDF file written out by hand from its numbered objects (object 1 the catalog): header,
objects, cross-reference table and trailer. Shared by the tests that need small or
pathological PDFs no library would write (tests/ is on the import path through conftest)."""

from __future__ import annotations


def pdf_file(objects: list[bytes], version: bytes = b"1.4") -> bytes:
    out = bytearray(b"%%PDF-%s\n" % version)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
