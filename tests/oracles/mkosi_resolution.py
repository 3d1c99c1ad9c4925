"""Prints how the installed mkosi (Debian's, run with /usr/bin/python3) resolves each setting
of mkosi.config.SETTINGS, one tab-separated line per setting in its order: name, value
kind, default, match kind, universal (`universal` or empty), specifier character (or
empty), default paths joined by commas, and `text` when a default path's contents are the
value (else empty).

Value kinds, by the parser the setting declares: `string`, `boolean`, `feature`,
`enum:<Name>:<a>|<b>`, `enum-or-boolean:<yes>:<no>:<a>|<b>`, `compression:<name>=<value>|…`,
`number`, `non-negative:<what>`, `bytes`, `filename`, `profile`, `seed`,
`path:<required>:<resolve>:<constants>`, `list:<separator>:<unescape>:<reset>:<item>` with
item `string`, `path:<required>`, `tree:<absolute>` or `enum:<Name>:<a>|<b>`; any other is `other`,
which plumb leaves to mkosi. Defaults: the JSON mkosi writes for an unset
setting, or `computed` when a function of other settings or the host gives it.
tests/mkosi_settings.rs generates plumb's table from this and compares them."""

import dataclasses
import json

import mkosi.config
from mkosi.config import JsonEncoder


def cells(function):
    return [cell.cell_contents for cell in (getattr(function, "__closure__", None) or [])]


def enum_values(kind):
    return kind.__name__ + ":" + "|".join(member.value for member in kind)


def item_kind(parse):
    if parse is str:
        return "string"
    name = getattr(parse, "__qualname__", "")
    if name.startswith("make_tree_parser"):
        return "tree:" + str(int(cells(parse)[0]))
    if name.startswith("make_enum_parser"):
        return "enum:" + enum_values(cells(parse)[0])
    if getattr(parse, "func", None) is mkosi.config.parse_path:
        return "path:" + str(int(parse.keywords.get("required", True)))
    return "other"


def value_kind(setting):
    parse = setting.parse
    name = getattr(parse, "__qualname__", "")
    closure = cells(parse)
    simple = {
        "config_parse_string": "string",
        "config_parse_boolean": "boolean",
        "config_parse_feature": "feature",
        "config_parse_number": "number",
        "config_parse_bytes": "bytes",
        "config_parse_profile": "profile",
        "config_parse_seed": "seed",
        "config_parse_source_date_epoch": "non-negative:Source date epoch timestamp",
        "config_parse_compress_level": "non-negative:Compression level",
    }
    if name in simple:
        return simple[name]
    if name == "config_parse_compression":
        members = mkosi.config.Compression.__members__.items()
        return "compression:" + "|".join(f"{key}={member.value}" for key, member in members)
    if name.startswith("config_make_filename_parser"):
        return "filename"
    if name.startswith("config_make_enum_parser_with_boolean"):
        kind = next(cell for cell in closure if isinstance(cell, type))
        members = [cell for cell in closure if not isinstance(cell, type)]
        # The closure holds no= before yes= (alphabetical cell order).
        no, yes = members
        values = "|".join(member.value for member in kind)
        return f"enum-or-boolean:{yes.value}:{no.value}:{values}"
    if name.startswith("config_make_enum_parser"):
        return "enum:" + enum_values(closure[0])
    if name.startswith("config_make_path_parser"):
        constants, _expanduser, _expandvars, required, resolve, _secret = closure
        return f"path:{int(required)}:{int(resolve)}:{','.join(constants)}"
    if name.startswith("config_make_list_parser"):
        delimiter, item, reset, unescape = closure
        return f"list:{json.dumps(delimiter)}:{int(unescape)}:{int(reset)}:{item_kind(item)}"
    return "other"


def default(setting):
    if setting.default_factory is not None:
        return "computed"
    value = setting.default if setting.default is not None else setting.parse(None, None)
    if setting.name == "Seed":
        # A fresh random UUID in each run.
        return "computed"
    if dataclasses.is_dataclass(value):
        value = dataclasses.asdict(value, dict_factory=mkosi.config.dict_with_capitalised_keys_factory)
    return json.dumps(value, cls=JsonEncoder, sort_keys=True)


def match_kind(setting):
    if setting.match is None:
        return ""
    name = getattr(setting.match, "__qualname__", "")
    if name.startswith("config_make_string_matcher"):
        return "glob" if cells(setting.match)[0] else "string"
    if name.startswith("config_make_enum_matcher"):
        return "enum"
    return name.removeprefix("config_match_")


for setting in mkosi.config.SETTINGS:
    print(
        setting.name,
        value_kind(setting),
        default(setting),
        match_kind(setting),
        "universal" if setting.universal else "",
        setting.specifier or "",
        ",".join(setting.paths),
        "text" if setting.path_read_text else "",
        sep="\t",
    )
