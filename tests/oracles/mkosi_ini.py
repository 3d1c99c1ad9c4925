"""Reads each file named on the command line with the installed mkosi's own reader
(mkosi.config.parse_ini, Debian's Python) in the two passes mkosi makes over a
configuration file: its [Match] and [TriggerMatch] sections first, then the sections of its
settings, each assignment parsed as it is read by its setting's parser where that checks a
boolean or an enumeration (others would read the disk). Prints one JSON object per file:
the settings' assignments as (section, key, value), or the message of the first error mkosi
dies with."""

import json
import sys
from pathlib import Path

import mkosi.config

from mkosi_values import values


class Died(Exception):
    pass


def die(message, *args, **kwargs):
    raise Died(message)


mkosi.config.die = die
SETTINGS_SECTIONS = {setting.section for setting in mkosi.config.SETTINGS}
BY_NAME = {}
for setting in mkosi.config.SETTINGS:
    for name in (setting.name, *setting.compat_names):
        BY_NAME[name] = setting


def checked(key, value):
    """The assignment, after its setting's parser has read it where that checks values."""
    setting = BY_NAME.get(key)
    if setting and value and "%" not in value and values(setting.parse) != "any":
        setting.parse(value, None)
    return key, value


for name in sys.argv[1:]:
    path = Path(name)
    try:
        list(mkosi.config.parse_ini(path, only_sections=["Match", "TriggerMatch"]))
        assignments = [
            [section, *checked(key, value)]
            for section, key, value in mkosi.config.parse_ini(path, only_sections=SETTINGS_SECTIONS)
            if key or value
        ]
        print(json.dumps({"file": path.name, "assignments": assignments, "error": None}))
    except Died as error:
        print(json.dumps({"file": path.name, "assignments": [], "error": str(error)}))
