"""The ``gradcourse`` command: what nbgrader itself does not do.

    gradcourse pipeline [--keep DIR]   grade the bundled sample class end to end
    gradcourse samples                 rebuild samples/ from source/ and release/
"""

import argparse
import sys
import tempfile

from . import grading


def main(argv=None):
    parser = argparse.ArgumentParser(prog="gradcourse", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    pipeline = commands.add_parser("pipeline", help="generate → autograde → feedback → export the sample class")
    pipeline.add_argument("--keep", metavar="DIR",
                          help="build the scratch course in DIR and keep it (default: a temporary folder)")
    commands.add_parser("samples", help="rebuild samples/ from source/ and release/")
    args = parser.parse_args(argv)

    if args.command == "samples":
        for path in grading.write_samples():
            print(path.relative_to(grading.REPO))
        return 0

    if args.keep:
        course = grading.run_pipeline(args.keep)
        print(course.table())
        return 0
    with tempfile.TemporaryDirectory(prefix="gradcourse-") as directory:
        course = grading.run_pipeline(directory)
        print()
        print(course.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
