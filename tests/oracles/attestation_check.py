"""Validates what `plumb build` writes beside its images.

    attestation_check.py PROVENANCE REPORT REPORT_SCHEMA

PROVENANCE is read with in-toto's own definitions (PyPI `in-toto-attestation`): parsed into
the Statement v1 protobuf and its predicate into the SLSA Provenance v1 protobuf, both of
which refuse unknown fields and wrong types, then checked by the package's validators.
REPORT is validated against REPORT_SCHEMA (docs/report.schema.json) with `jsonschema`.
Prints `valid`, or fails with the reason.
"""

import json
import sys

import jsonschema
from google.protobuf import json_format
from in_toto_attestation.predicates.provenance.v1 import provenance_pb2
from in_toto_attestation.v1 import statement_pb2
from in_toto_attestation.v1.resource_descriptor import ResourceDescriptor
from in_toto_attestation.v1.statement import Statement


def check_provenance(path):
    with open(path) as file:
        data = json.load(file)
    proto = statement_pb2.Statement()
    json_format.ParseDict(data, proto)
    Statement.copy_from_pb(proto).validate()
    if data["predicateType"] != "https://slsa.dev/provenance/v1":
        raise ValueError(f"predicateType is {data['predicateType']}")
    predicate = provenance_pb2.Provenance()
    json_format.ParseDict(data["predicate"], predicate)
    definition = predicate.build_definition
    if not definition.build_type or not predicate.run_details.builder.id:
        raise ValueError("buildType and builder.id are required")
    if not definition.external_parameters:
        raise ValueError("externalParameters is required")
    for descriptor in definition.resolved_dependencies:
        ResourceDescriptor.copy_from_pb(descriptor).validate()


def check_report(path, schema_path):
    with open(schema_path) as file:
        schema = json.load(file)
    with open(path) as file:
        report = json.load(file)
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    validator(schema).validate(report)


if __name__ == "__main__":
    check_provenance(sys.argv[1])
    check_report(sys.argv[2], sys.argv[3])
    print("valid")
