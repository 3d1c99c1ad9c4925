"""Prints the settings of the installed mkosi (Debian's, run with /usr/bin/python3): one line
per setting of mkosi.config.SETTINGS, in its order, tab-separated: name, section, single,
list, words (a list split at commas and whitespace) or dict (by the parser it declares), its deprecated names joined by commas, and the
values it takes where its parser checks them: `boolean`, `enum:<Name>:<a>|<b>` (an
enumeration, refused with its class's name), `choice:<a>|<b>` (those or a boolean),
else `any`. tests/mkosi_settings.rs compares plumb's table of that release with it."""

import inspect

import mkosi.config

from mkosi_values import values

# mkosi 27 splits a list that names no delimiter at commas and any whitespace; earlier
# releases at its delimiter and line breaks only.
SPLITS_WORDS = "split()" in inspect.getsource(mkosi.config.config_make_list_parser)


def splits_words(parse):
    cells = dict(zip(parse.__code__.co_freevars, (cell.cell_contents for cell in parse.__closure__ or [])))
    return SPLITS_WORDS and cells.get("delimiter") is None and not cells.get("unescape")


for setting in mkosi.config.SETTINGS:
    parser = getattr(setting.parse, "__qualname__", "")
    if parser.startswith("config_make_list_parser") and splits_words(setting.parse):
        collection = "words"
    # mkosi 26's SplitArtifacts= wraps a list parser, for its old booleans.
    elif parser.startswith("config_make_list_parser") or parser == "config_parse_artifact_output_list":
        collection = "list"
    elif parser.startswith("config_make_dict_parser"):
        collection = "dict"
    else:
        collection = "single"
    print(
        setting.name,
        setting.section,
        collection,
        ",".join(setting.compat_names),
        values(setting.parse),
        sep="\t",
    )
