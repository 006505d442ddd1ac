"""``python -m integ`` and the console script ``integ``.

``integ --version`` is answered here, before typer and the commands are imported (that
costs about 0.1 s on a loaded machine); everything else goes to integ.cli.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        print(f"integ {__version__}")
        return
    from .cli import main as run

    run()


if __name__ == "__main__":
    main()
