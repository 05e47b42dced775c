#!/usr/bin/env python3
"""tests/cli/xclose.py WINDOW_ID — ask an X window to close as a window
manager's close button does: a WM_PROTOCOLS ClientMessage carrying
WM_DELETE_WINDOW (ICCCM §4.2.8.1), sent with libX11 through ctypes (no
Python X packages needed). Exit 0 when sent, 1 on failure."""
import ctypes, ctypes.util, sys

ClientMessage = 33
NoEventMask = 0


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [('type', ctypes.c_int), ('serial', ctypes.c_ulong),
                ('send_event', ctypes.c_int), ('display', ctypes.c_void_p),
                ('window', ctypes.c_ulong), ('message_type', ctypes.c_ulong),
                ('format', ctypes.c_int), ('l', ctypes.c_long * 5)]


class XEvent(ctypes.Union):
    _fields_ = [('xclient', XClientMessageEvent), ('pad', ctypes.c_long * 24)]


def main():
    win = int(sys.argv[1], 0)
    x = ctypes.CDLL(ctypes.util.find_library('X11') or 'libX11.so.6')
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x.XInternAtom.restype = ctypes.c_ulong
    x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                             ctypes.POINTER(XEvent)]
    x.XFlush.argtypes = [ctypes.c_void_p]
    x.XCloseDisplay.argtypes = [ctypes.c_void_p]
    d = x.XOpenDisplay(None)
    if not d:
        print('xclose: cannot open the display')
        return 1
    ev = XEvent()
    ev.xclient.type = ClientMessage
    ev.xclient.window = win
    ev.xclient.message_type = x.XInternAtom(d, b'WM_PROTOCOLS', 0)
    ev.xclient.format = 32
    ev.xclient.l[0] = x.XInternAtom(d, b'WM_DELETE_WINDOW', 0)
    ev.xclient.l[1] = 0   # CurrentTime
    ok = x.XSendEvent(d, win, 0, NoEventMask, ctypes.byref(ev))
    x.XFlush(d)
    x.XCloseDisplay(d)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
