"""Reads what `scim2 test` printed and compares its failures with the expectations file.

Called by .ci/external-conformance:

    python3 scim2_tester_report.py OUTPUT EXIT_CODE EXPECTATIONS [BACKEND]

`scim2 test` (scim2-cli 0.6.0, scim2-tester 0.5.2) prints one result per check run:

    STATUS title
      reason, which may run over several lines

STATUS is a scim2_tester.Status name. SUCCESS, COMPLIANT and ACCEPTABLE pass; DEVIATION,
ERROR and CRITICAL fail; SKIPPED did not run. `title` is the checker's function name, the
same for the User and the Group runs and for every attribute a PATCH check tries, so each
result is named here `ResourceType:title[attribute]`: the resource type from the order of the
runs (each starts with `object_creation`, in the order the `query_all_resource_types` check
lists them), the attribute from the first 'quoted' word of the reason. Discovery checks keep
their bare title.

The expectations file names the checks expected to fail, one a line: the name, then why.
Prints every failure and skip with its reason, expected failures that passed, and the line
`external scim2-tester: N passed, N failed` (`external scim2-tester (BACKEND): ...` when the
server's backend is given). Exits 1 on a failure not expected, or when the
output cannot be read as results.
"""

import re
import sys

PASSED = {"SUCCESS", "COMPLIANT", "ACCEPTABLE"}
FAILED = {"DEVIATION", "ERROR", "CRITICAL"}
SKIPPED = {"SKIPPED"}
RESULT = re.compile(
    r"^(" + "|".join(sorted(PASSED | FAILED | SKIPPED)) + r") (\S+)$"
)
BANNER = "Performing a SCIM compliance check on "
# The checks of one resource type, in the order scim2_tester.checkers.resource runs them.
PER_RESOURCE_TYPE = {
    "object_creation",
    "object_query",
    "object_query_without_id",
    "object_query_with_attributes",
    "object_list_with_attributes",
    "search_with_attributes",
    "object_replacement",
    "object_deletion",
    "check_add_attribute",
    "check_remove_attribute",
    "check_replace_attribute",
}


def parse(text):
    """The results as (status, title, reason) triples, and the lines that are not results."""
    results = []
    stray = []
    for line in text.splitlines():
        match = RESULT.match(line)
        if match:
            results.append([match.group(1), match.group(2), []])
        elif results:
            results[-1][2].append(line[2:] if line.startswith("  ") else line)
        elif line.strip() and not line.startswith(BANNER):
            stray.append(line)
    return [(status, title, "\n".join(reason)) for status, title, reason in results], stray


def names(results):
    """A name for each result, as the module documentation describes."""
    resource_types = []
    for status, title, reason in results:
        if title == "query_all_resource_types" and status in PASSED:
            resource_types = re.findall(r"'([^']+)'", reason)
    named = []
    run = -1
    for status, title, reason in results:
        name = title
        if title in PER_RESOURCE_TYPE:
            if title == "object_creation":
                run += 1
            if run >= 0:
                kind = resource_types[run] if run < len(resource_types) else f"type{run + 1}"
                name = f"{kind}:{title}"
            attribute = re.search(r"'([^'\s]+)'", reason.split("\n", 1)[0])
            if attribute and title.startswith("check_"):
                name += f"[{attribute.group(1)}]"
        named.append((name, status, reason))
    return named


def read_expectations(path):
    expected = {}
    with open(path, encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, why = line.partition(" ")
            if not why.strip():
                sys.exit(f"{path}:{number}: `{name}` needs a reason after its name")
            expected[name] = why.strip()
    return expected


def indent(text, prefix="      "):
    return "\n".join(prefix + line for line in text.splitlines()) or prefix + "(no reason given)"


def main():
    output_path, exit_code, expectations_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    label = f" ({sys.argv[4]})" if len(sys.argv) > 4 else ""
    with open(output_path, encoding="utf-8", errors="replace") as file:
        text = file.read()
    expected = read_expectations(expectations_path)
    results, stray = parse(text)
    named = names(results)

    passed = [r for r in named if r[1] in PASSED]
    failed = [r for r in named if r[1] in FAILED]
    skipped = [r for r in named if r[1] in SKIPPED]
    unexpected = [r for r in failed if r[0] not in expected]
    failing_names = {r[0] for r in failed}
    now_passing = [name for name in expected if name not in failing_names]

    ok = True
    if not results or BANNER not in text:
        ok = False
        print("scim2 test did not run its checks; it printed:")
        print(indent(text.strip() or "(nothing)", "    "))
    elif (exit_code == 0) != (not failed and not skipped):
        ok = False
        print(f"scim2 test exited {exit_code}, which does not agree with the results read here;"
              " its output has changed shape:")
        print(indent("\n".join(stray) or text.strip(), "    "))

    if failed:
        print(f"failed ({len(failed)}):")
        for name, status, reason in failed:
            mark = "expected" if name in expected else "UNEXPECTED"
            print(f"  {status} {name} ({mark})")
            if name in expected:
                print(f"    why: {expected[name]}")
            print("    scim2-tester said:")
            print(indent(reason))
    if skipped:
        print(f"skipped ({len(skipped)}):")
        for name, _, reason in skipped:
            print(f"  {name}")
            print(indent(reason))
    if now_passing and results:
        print("expected to fail, but passed or did not run (remove them from"
              f" {expectations_path}):")
        for name in now_passing:
            print(f"  {name}")
    if unexpected:
        ok = False
        print(f"{len(unexpected)} unexpected failure(s): fix them, or list them with their"
              f" reason in {expectations_path}")

    print(f"external scim2-tester{label}: {len(passed)} passed, {len(failed)} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
