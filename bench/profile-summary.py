#!/usr/bin/env python3
"""Summarises async-profiler's collapsed stacks from bench/profile.sh: where the CPU of the
keep-alive path goes, by area, and how much of it is tailgate's own code.

usage: bench/profile-summary.py FILE.collapsed
"""
import collections
import sys

# Each sample is charged to the innermost frame that belongs to one of these areas (JDK and native
# frames below it, such as a write(2) or a HashMap lookup, count for the area that called them).
AREAS = [
    ("TLS records (JDK ssl/crypto)", ("sun/security/", "com/sun/crypto/")),
    ("proxy to the backend (Jetty client)", ("org/eclipse/jetty/client", "org/eclipse/jetty/proxy")),
    ("tailgate's own code", ("dev/tailgate/",)),
    ("Jetty server and I/O", ("org/eclipse/jetty/",)),
]


def area(stack):
    if "Handshake" in stack or "handshake" in stack:
        return "TLS handshakes"
    frames = stack.split(";")
    for frame in reversed(frames):
        for name, prefixes in AREAS:
            if frame.startswith(prefixes):
                return name
    # the JIT compilers, the GC and the VM thread are native threads without Java frames
    if stack.startswith("clone3;") and "java/" not in stack:
        return "JIT, GC and VM threads"
    return "other (JDK, selector, syscalls)"


def main(path):
    total = 0
    areas = collections.Counter()
    own = collections.Counter()
    for line in open(path, encoding="utf-8"):
        stack, count = line.rstrip("\n").rsplit(" ", 1)
        count = int(count)
        total += count
        name = area(stack)
        areas[name] += count
        if name == "tailgate's own code":
            frames = stack.split(";")
            first = max(i for i, f in enumerate(frames) if f.startswith("dev/tailgate/"))
            own[frames[first].replace("/", ".")] += count
    print(f"{total} samples")
    for name, count in areas.most_common():
        print(f"{count * 100 / total:5.1f}%  {name}")
    print("\ntailgate's own code, by the innermost tailgate method:")
    for name, count in own.most_common(15):
        print(f"{count * 100 / total:5.1f}%  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
