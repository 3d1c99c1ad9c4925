"""Prints how the installed mkosi (Debian's, run with /usr/bin/python3), or the checkout
PYTHONPATH names, resolves each setting of mkosi.config.SETTINGS, one tab-separated line
per setting in its order: name, value kind, default, match kind, scope, specifier
character (or empty), default paths joined by commas, `text` when a default path's
contents are the value (else empty), `optional` when an assignment that resets the
setting leaves it empty in mkosi 26 (else empty), and where the summary writes its value
(see `value_of`).

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
import typing

import mkosi.config
from mkosi.config import JsonEncoder


def cells(function):
    return [cell.cell_contents for cell in (getattr(function, "__closure__", None) or [])]


def named_cells(function):
    """The closure's values by variable name (the cells' order differs between releases)."""
    return dict(zip(function.__code__.co_freevars, cells(function)))


def enum_values(kind):
    return kind.__name__ + ":" + "|".join(member.value for member in kind)


def item_kind(parse):
    if parse is str:
        return "string"
    name = getattr(parse, "__qualname__", "")
    if name.startswith("make_tree_parser"):
        # mkosi 24's trees have only `absolute`; 26's also check their sources.
        tree = named_cells(parse)
        flags = [tree.get(flag, False) for flag in ("absolute", "required", "directory")]
        return "tree:" + ":".join(str(int(flag)) for flag in flags)
    if name.startswith("make_enum_parser"):
        return "enum:" + enum_values(cells(parse)[0])
    if parse is getattr(mkosi.config, "parse_profile", None):
        return "profile"
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
        "config_parse_uuid": "uuid",
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
        path = named_cells(parse)
        return f"path:{int(path['required'])}:{int(path['resolve'])}:{','.join(path['constants'])}"
    if name.startswith("config_make_list_parser"):
        listed = named_cells(parse)
        # mkosi 26 sorts some lists (packages) as it parses them.
        order = ":sorted" if listed.get("key") else ""
        return (
            f"list:{json.dumps(listed['delimiter'])}:{int(listed['unescape'])}:{int(listed['reset'])}:"
            f"{item_kind(listed['parse'])}{order}"
        )
    if name.startswith("config_make_dict_parser"):
        listed = named_cells(parse)
        # Keys named by a file or directory (Credentials=) read or run it: plumb does not.
        if listed["allow_paths"]:
            return "other"
        item = "environment" if listed["parse"] is mkosi.config.parse_environment else "key-value"
        return (
            f"dict:{json.dumps(listed['delimiter'] or '')}:{int(listed['unescape'])}:"
            f"{int(listed['reset'])}:{item}"
        )
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
    if name.startswith("config_make_list_matcher"):
        return "list"
    return name.removeprefix("config_match_")


def scope(setting):
    """Where the setting may be set and which images inherit it: mkosi 26's scope, or for
    mkosi 24 `universal` (set once for every image) or `local`."""
    if hasattr(setting, "scope"):
        return setting.scope.value
    return "universal" if setting.universal else "local"


def default_paths(setting):
    """The `mkosi.*` names that set the setting; mkosi 26 names them by suffix, and globs in
    a directory (`mkosi.build.d/*`) too."""
    if hasattr(setting, "paths"):
        return setting.paths
    suffixes = setting.path_suffixes + setting.recursive_path_suffixes
    return tuple(f"mkosi.{suffix}" for suffix in suffixes)


def optional(setting):
    """`optional` when the setting's field of mkosi's Config is a list, a dict or Optional:
    mkosi 26 then gives an assignment that resets it the parser's empty value, not the
    default."""
    fields = {field.name: field for field in dataclasses.fields(mkosi.config.Config)}
    name = setting.scope.removeprefix(setting.dest) if hasattr(setting, "scope") else setting.dest
    field = fields.get(name)
    if field is None:
        return ""
    kind = field.type
    if isinstance(kind, str):
        kind = typing.get_type_hints(mkosi.config.Config)[name]
    origin, arguments = typing.get_origin(kind), typing.get_args(kind)
    return "optional" if origin in (dict, list) or (origin is typing.Union and type(None) in arguments) else ""


def value_of(setting):
    """Where the summary writes the setting's value: empty under its own name, `=NAME` when
    it sets the value of the setting NAME (which has its destination), `-` when nowhere
    (its destination is no field of Config)."""
    owner = {other.dest: other for other in mkosi.config.SETTINGS}[setting.dest]
    if owner is not setting:
        return "=" + owner.name
    fields = {field.name for field in dataclasses.fields(mkosi.config.Config)}
    return "" if setting.dest in fields else "-"


for setting in mkosi.config.SETTINGS:
    print(
        setting.name,
        value_kind(setting),
        default(setting),
        match_kind(setting),
        scope(setting),
        setting.specifier or "",
        ",".join(default_paths(setting)),
        "text" if setting.path_read_text else "",
        optional(setting),
        value_of(setting),
        sep="\t",
    )
