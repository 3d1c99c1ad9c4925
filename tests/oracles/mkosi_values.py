"""What values a setting of the installed mkosi takes where its parser checks them, by the
parser it declares: `boolean`, `enum:<Name>:<a>|<b>`, `choice:<a>|<b>` (those or a boolean),
else `any`."""

import mkosi.config


def values(parse):
    name = getattr(parse, "__qualname__", "")
    cells = [cell.cell_contents for cell in (parse.__closure__ or [])]
    if name == "config_parse_boolean":
        return "boolean"
    if name == "config_parse_feature":
        return "choice:" + "|".join(feature.value for feature in mkosi.config.ConfigFeature)
    if name.startswith("config_make_enum_parser_with_boolean"):
        kind = next(cell for cell in cells if isinstance(cell, type))
        return "choice:" + "|".join(member.value for member in kind)
    if name.startswith("config_make_enum_parser"):
        kind = cells[0]
        return f"enum:{kind.__name__}:" + "|".join(member.value for member in kind)
    return "any"
