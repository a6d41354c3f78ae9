#!/usr/bin/env python3
"""Checks an iCalendar file strictly, then parses it with the `icalendar` library.

Usage: ics_check.py FILE
Prints one JSON object per line for each VEVENT (uid, summary, description, start, end,
status, sequence, categories) on success, exit 0. Prints "ICS ERROR: <problem>" lines on
stderr and exits 1 when the raw text breaks RFC 5545 (line ends, folding, nesting) or the
library rejects it.
"""
import json
import sys

import icalendar


def raw_problems(data: bytes) -> list[str]:
    problems = []
    if not data.startswith(b"BEGIN:VCALENDAR\r\n"):
        problems.append("does not start with BEGIN:VCALENDAR and CRLF")
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    lines = data.split(b"\r\n")[:-1]
    stack = []
    for number, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: bare CR or LF inside a line")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets, more than 75")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: not UTF-8 on its own (a character split by folding)")
        if line.startswith(b" ") or line.startswith(b"\t"):
            continue
        if b":" not in line:
            problems.append(f"line {number}: no colon")
        if line.startswith(b"BEGIN:"):
            stack.append(line[6:])
        elif line.startswith(b"END:"):
            if not stack or stack[-1] != line[4:]:
                problems.append(f"line {number}: END:{line[4:].decode()} does not close {stack[-1:]}")
            else:
                stack.pop()
    if stack:
        problems.append(f"unclosed components: {stack}")
    return problems


def main() -> int:
    data = open(sys.argv[1], "rb").read()
    problems = raw_problems(data)
    if not problems:
        try:
            calendar = icalendar.Calendar.from_ical(data)
        except ValueError as error:
            problems.append(f"icalendar: {error}")
        else:
            for event in calendar.walk("VEVENT"):
                for name in ("UID", "DTSTAMP", "DTSTART"):
                    if name not in event:
                        problems.append(f"VEVENT without {name}")
                if problems:
                    break
                start = event.decoded("DTSTART")
                if start.utcoffset() is None or start.utcoffset().total_seconds() != 0:
                    problems.append(f"DTSTART {start} is not in UTC")
                categories = event.get("CATEGORIES")
                print(json.dumps({
                    "uid": str(event["UID"]),
                    "summary": str(event.get("SUMMARY", "")),
                    "description": str(event.get("DESCRIPTION", "")),
                    "start": start.isoformat(),
                    "end": event.decoded("DTEND").isoformat(),
                    "status": str(event.get("STATUS", "")),
                    "sequence": int(event.get("SEQUENCE", 0)),
                    "categories": [str(c) for c in categories.cats] if categories is not None else [],
                }, ensure_ascii=False))
    for problem in problems:
        print(f"ICS ERROR: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
