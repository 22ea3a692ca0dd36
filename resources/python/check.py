"""Exits 0 when every requirement of the files given is installed at its pinned version
(an unpinned one: installed at all), else prints the first that is not and exits 1."""
import importlib.metadata as metadata
import sys

for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, version = line.partition("==")
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            print(f"{name}: not installed")
            sys.exit(1)
        if version and have.split("+")[0] != version:
            print(f"{name}: {have} installed, {version} wanted")
            sys.exit(1)
