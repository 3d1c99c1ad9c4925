"""Prints the settings of the installed mkosi (Debian's, run with /usr/bin/python3): one line
per setting of mkosi.config.SETTINGS, in its order, tab-separated: name, section, single,
list or dict (by the parser it declares), its deprecated names joined by commas, and the
values it takes where its parser checks them: `boolean`, `enum:<Name>:<a>|<b>` (an
enumeration, refused with its class's name), `choice:<a>|<b>` (those or a boolean),
else `any`. tests/mkosi_settings.rs compares plumb's table of that release with it."""

import mkosi.config

from mkosi_values import values


for setting in mkosi.config.SETTINGS:
    parser = getattr(setting.parse, "__qualname__", "")
    # mkosi 26's SplitArtifacts= wraps a list parser, for its old booleans.
    if parser.startswith("config_make_list_parser") or parser == "config_parse_artifact_output_list":
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
