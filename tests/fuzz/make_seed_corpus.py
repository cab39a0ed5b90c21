#!/usr/bin/env python3
"""Writes a libFuzzer seed corpus for binlog_decoder_fuzz into DIR.

Seeds come from the public vectors (../shared/testdata/binlog-vectors, read in place and
never copied into the project) and our own tests/data/protocol binlogs: each whole file, and
for every rows event a short file of FDE + its TABLE_MAP(s) + the rows event. Every seed is
prefixed with the harness's flags byte (1 = rewrite CRC32 trailers).
"""
import pathlib
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = [ROOT.parent / "shared" / "testdata" / "binlog-vectors", ROOT / "tests" / "data" / "protocol"]
MAGIC = b"\xfebin"
ROWS = set(range(23, 26)) | set(range(30, 33)) | {39} | set(range(166, 172))


def frames(data):
    pos = 4 if data.startswith(MAGIC) else 0
    while pos + 19 <= len(data):
        size = struct.unpack_from("<I", data, pos + 9)[0]
        if size < 19:
            return
        yield data[pos:pos + size]
        pos += size


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for source in SOURCES:
        for path in sorted(source.rglob("*")):
            if not path.is_file() or path.suffix in (".txt", ".sql", ".md", ".json", ".result"):
                continue
            data = path.read_bytes()
            if not data.startswith(MAGIC) and path.suffix != ".bin":
                continue
            name = path.parent.name + "_" + path.name
            (out / (name + ".whole")).write_bytes(b"\x01" + data)
            count += 1
            fde, maps = None, []
            for i, frame in enumerate(frames(data)):
                kind = frame[4]
                if kind == 15:
                    fde, maps = frame, []
                elif kind == 19:
                    maps.append(frame)
                elif kind in ROWS and fde is not None:
                    (out / f"{name}.rows{i}").write_bytes(b"\x01" + MAGIC + fde + b"".join(maps[-2:]) + frame)
                    count += 1
                    maps = []
    print(f"{count} seeds in {out}")


if __name__ == "__main__":
    main()
