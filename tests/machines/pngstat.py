#!/usr/bin/env python3
"""tests/machines/pngstat.py — what the machine tests need to know about a PNG
screenshot, without extra Python packages (zlib only).

  tests/machines/pngstat.py FILE [--region X,Y,W,H] [--color RRGGBB]... [--cells X,Y,CW,CH,N]

Prints `width=W height=H` then, for the region (default: the whole picture),
`pixels=N distinct=N` and `color_RRGGBB=N` for each --color; --cells prints
`cells=....` with one character per cell of CW x CH pixels along a row
starting at X,Y: '#' when the cell has pixels unlike its top-left pixel (ink:
a character), '.' when it is uniform. Exit 2 on a file that is not an 8-bit
RGB/RGBA PNG."""
import argparse, struct, sys, zlib


def read_png(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('not a PNG')
    pos, idat, w = 8, b'', None
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b'IHDR':
            w, h, depth, ctype, _, _, inter = struct.unpack('>IIBBBBB', body)
            if depth != 8 or ctype not in (2, 6) or inter:
                raise ValueError(f'unsupported PNG (depth {depth}, type {ctype})')
            bpp = 3 if ctype == 2 else 4
        elif kind == b'IDAT':
            idat += body
        elif kind == b'IEND':
            break
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, o = [], bytearray(stride), 0
    for _ in range(h):
        f, line = raw[o], bytearray(raw[o + 1:o + 1 + stride])
        o += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([line[i] << 16 | line[i + 1] << 8 | line[i + 2] for i in range(0, stride, bpp)])
        prev = line
    return w, h, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('file')
    ap.add_argument('--region')
    ap.add_argument('--color', action='append', default=[])
    ap.add_argument('--cells')
    a = ap.parse_args()
    try:
        w, h, rows = read_png(a.file)
    except (OSError, ValueError, zlib.error, struct.error) as e:
        print(f'{a.file}: {e}', file=sys.stderr)
        return 2
    print(f'width={w} height={h}')
    x0, y0, rw, rh = map(int, a.region.split(',')) if a.region else (0, 0, w, h)
    px = [rows[y][x] for y in range(y0, min(y0 + rh, h)) for x in range(x0, min(x0 + rw, w))]
    print(f'pixels={len(px)} distinct={len(set(px))}')
    for c in a.color:
        print(f'color_{c.lower()}={px.count(int(c, 16))}')
    if a.cells:
        cx, cy, cw, ch, n = map(int, a.cells.split(','))
        out = ''
        for k in range(n):
            bx = cx + k * cw
            cell = {rows[y][x] for y in range(cy, min(cy + ch, h)) for x in range(bx, min(bx + cw, w))}
            out += '#' if len(cell) > 1 else '.'
        print(f'cells={out}')
    return 0


sys.exit(main())
