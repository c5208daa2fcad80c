#!/usr/bin/env python3
"""Generates the C++ field catalog tables from data/fields/*.json and data/evttypes/syscall.json.

Run by CMake at build time (see grammar/CMakeLists.txt), so rulekit never parses JSON at start-up
and never reads the data directory at run time. Any malformed input fails the build with a message
naming the file and the entry.

Usage: gen_field_catalog.py --fields-dir DIR --evttypes FILE --output FILE.cpp
"""

import argparse
import json
import os
import re
import sys

# Order of data/fields files in the generated table; within a source this is the order in which
# Falco registers the field classes (libsinsp's own first, then extractor plugins as loaded by the
# stock config, json last because it attaches to every source).
FILE_ORDER = [
    "syscall.json",
    "syscall_container.json",
    "syscall_k8smeta.json",
    "syscall_krsi.json",
    "syscall_anomalydetection.json",
    "k8s_audit.json",
    "aws_cloudtrail.json",
    "okta.json",
    "github.json",
    "gcp_auditlog.json",
    "any_json.json",
]

TYPES = {
    "INT8": "Int8", "INT16": "Int16", "INT32": "Int32", "INT64": "Int64",
    "UINT8": "Uint8", "UINT16": "Uint16", "UINT32": "Uint32", "UINT64": "Uint64",
    "CHARBUF": "Charbuf", "BYTEBUF": "Bytebuf", "ERRNO": "Errno", "SOCKADDR": "Sockaddr",
    "SOCKTUPLE": "Socktuple", "FD": "Fd", "PID": "Pid", "FDLIST": "Fdlist", "FSPATH": "Fspath",
    "SYSCALLID": "Syscallid", "SIGTYPE": "Sigtype", "RELTIME": "Reltime", "ABSTIME": "Abstime",
    "PORT": "Port", "L4PROTO": "L4proto", "SOCKFAMILY": "Sockfamily", "BOOL": "Bool",
    "IPV4ADDR": "Ipv4addr", "DYNAMIC": "Dynamic", "FLAGS8": "Flags8", "FLAGS16": "Flags16",
    "FLAGS32": "Flags32", "UID": "Uid", "GID": "Gid", "DOUBLE": "Double", "SIGSET": "Sigset",
    "CHARBUFARRAY": "Charbufarray", "CHARBUF_PAIR_ARRAY": "CharbufPairArray",
    "IPV4NET": "Ipv4net", "IPV6ADDR": "Ipv6addr", "IPV6NET": "Ipv6net", "IPADDR": "Ipaddr",
    "IPNET": "Ipnet", "MODE": "Mode", "FSRELPATH": "Fsrelpath", "ENUMFLAGS8": "Enumflags8",
    "ENUMFLAGS16": "Enumflags16", "ENUMFLAGS32": "Enumflags32",
}
ARGS = {"none": "None", "required": "Required", "allowed": "Allowed"}
SYNTAXES = {"none": "None", "bracket": "Bracket", "dot": "Dot", "bracket_or_dot": "BracketOrDot"}
ARG_KINDS = {"index": "kArgIndex", "key": "kArgKey"}
FLAGS = {
    "filter_only": "kFlagFilterOnly", "print_only": "kFlagPrintOnly", "hidden": "kFlagHidden",
    "deprecated": "kFlagDeprecated", "no_rhs": "kFlagNoRhs", "no_transformer": "kFlagNoTransformer",
    "no_ptr_stability": "kFlagNoPtrStability", "format_suggested": "kFlagFormatSuggested",
    "info": "kFlagInfo", "conversation": "kFlagConversation", "class_hidden": "kFlagClassHidden",
    "generic": "kFlagGeneric",
}
# libs' event-table name of PPME_ASYNCEVENT_E, the one code every plugin async event name selects.
ASYNC_EVENT_NAME = "asyncevent"
# Must equal grammar::kMaxEventCodes (the generated code static_asserts it too).
MAX_EVENT_CODES = 1024
FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$")
PLAIN_NAME = re.compile(r"^[A-Za-z0-9_]+$")


class DataError(Exception):
    pass


def cxx_string(text):
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        else:
            raise DataError("non-ASCII or control character in %r" % text)
    out.append('"')
    return "".join(out)


def sv(text):
    return "std::string_view{%s}" % cxx_string(text)


def require(cond, where, what):
    if not cond:
        raise DataError("%s: %s" % (where, what))


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise DataError("%s: cannot read JSON: %s" % (path, e))


def field_initializer(entry, where):
    require(isinstance(entry, dict), where, "field entry must be an object")
    for key in ("name", "type", "is_list", "arg", "arg_type", "arg_syntax", "flags", "class",
                "provider"):
        require(key in entry, where, "missing key '%s'" % key)
    name = entry["name"]
    where = "%s (%s)" % (where, name)
    require(isinstance(name, str) and FIELD_NAME.match(name), where, "bad field name")
    require(entry["type"] in TYPES, where, "unknown type %r" % entry["type"])
    require(isinstance(entry["is_list"], bool), where, "is_list must be a boolean")
    require(entry["arg"] in ARGS, where, "unknown arg rule %r" % entry["arg"])
    require(entry["arg_syntax"] in SYNTAXES, where, "unknown arg_syntax %r" % entry["arg_syntax"])
    require(isinstance(entry["arg_type"], list) and all(k in ARG_KINDS for k in entry["arg_type"]),
            where, "arg_type must list 'index'/'key'")
    require((entry["arg"] == "none") == (entry["arg_syntax"] == "none"), where,
            "arg and arg_syntax disagree")
    require(isinstance(entry["flags"], list) and all(f in FLAGS for f in entry["flags"]), where,
            "unknown flag in %r" % entry["flags"])
    require(isinstance(entry["class"], str) and entry["class"], where, "class must be a string")
    provider = entry["provider"]
    require(provider == "libsinsp" or (isinstance(provider, str) and provider.startswith("plugin:")),
            where, "provider must be 'libsinsp' or 'plugin:<name>'")
    kinds = " | ".join(ARG_KINDS[k] for k in entry["arg_type"]) or "0"
    flags = " | ".join(FLAGS[f] for f in entry["flags"]) or "0"
    return "    {%s, FieldType::%s, %s, ArgRequirement::%s, uint8_t(%s), ArgSyntax::%s, uint16_t(%s), %s, %s}," % (
        sv(name), TYPES[entry["type"]], "true" if entry["is_list"] else "false", ARGS[entry["arg"]],
        kinds, SYNTAXES[entry["arg_syntax"]], flags, sv(entry["class"]), sv(provider))


def name_list(values, where):
    require(isinstance(values, list), where, "must be a list")
    for v in values:
        require(isinstance(v, str) and PLAIN_NAME.match(v), where, "bad name %r" % (v,))
    require(len(set(values)) == len(values), where, "duplicate names")
    return sorted(values)


def event_code_counts(evt, event_names, where):
    """The event_codes section: how many codes each event-table name has, and ppm_event_max.

    Codes 0 and 1 are PPME_GENERIC_E/X; libsinsp's names_to_event_set starts at code 2, so no
    name selects them directly and per_name must account for every code from 2 upwards.
    """
    codes = evt.get("event_codes")
    where = where + ": event_codes"
    require(isinstance(codes, dict), where, "missing or not an object")
    event_max = codes.get("ppm_event_max")
    require(isinstance(event_max, int) and 2 < event_max <= MAX_EVENT_CODES, where,
            "ppm_event_max must be an integer in 3..%d" % MAX_EVENT_CODES)
    per_name = codes.get("per_name")
    require(isinstance(per_name, dict) and per_name, where, "per_name must be a non-empty object")
    for name, count in per_name.items():
        require(name in event_names, where, "per_name.%s is not in event_names" % name)
        require(isinstance(count, int) and count > 0, where, "per_name.%s must be a positive integer" % name)
    require(per_name.get(ASYNC_EVENT_NAME) == 1, where,
            "per_name.%s must be 1 (PPME_ASYNCEVENT_E)" % ASYNC_EVENT_NAME)
    total = sum(per_name.values())
    require(total == event_max - 2, where,
            "per_name counts %d codes, but codes 2..ppm_event_max-1 are %d" % (total, event_max - 2))
    return event_max, sorted(per_name.items())


def generate(fields_dir, evttypes_path):
    out = []
    out.append("// Generated by scripts/gen_field_catalog.py from data/fields and data/evttypes.")
    out.append("// Do not edit: change the JSON and rebuild.")
    out.append('#include "grammar/src/field_catalog_tables.hpp"')
    out.append("")
    out.append("namespace rulekit::grammar::catalog_tables {")
    out.append("namespace {")
    out.append("")

    present = sorted(f for f in os.listdir(fields_dir) if f.endswith(".json"))
    unknown = [f for f in present if f not in FILE_ORDER]
    require(not unknown, fields_dir, "files not in FILE_ORDER: %s" % ", ".join(unknown))

    files = []
    for index, file_name in enumerate(f for f in FILE_ORDER if f in present):
        path = os.path.join(fields_dir, file_name)
        data = load_json(path)
        require(isinstance(data, dict), path, "top level must be an object")
        source = data.get("source")
        require(isinstance(source, str) and source, path, "missing 'source'")
        plugin = data.get("plugin") or {}
        require(isinstance(plugin, dict), path, "'plugin' must be an object")
        plugin_name = plugin.get("name", "")
        plugin_version = plugin.get("version", "")
        fields = data.get("fields")
        require(isinstance(fields, list) and fields, path, "'fields' must be a non-empty list")
        seen = set()
        lines = []
        for i, entry in enumerate(fields):
            where = "%s: fields[%d]" % (path, i)
            lines.append(field_initializer(entry, where))
            key = (entry["class"], entry["name"])
            require(key not in seen, where, "duplicate field in its class")
            seen.add(key)
        event_types = name_list(data.get("plugin_event_types", []), path + ": plugin_event_types")
        out.append("constexpr FieldInfo kFields%d[] = {" % index)
        out.extend(lines)
        out.append("};")
        if event_types:
            out.append("constexpr std::string_view kEventTypes%d[] = {%s};" % (
                index, ", ".join(sv(n) for n in event_types)))
            types_span = "std::span<const std::string_view>(kEventTypes%d)" % index
        else:
            types_span = "std::span<const std::string_view>()"
        files.append("    {%s, %s, %s, std::span<const FieldInfo>(kFields%d), %s}," % (
            sv(source), sv(plugin_name), sv(plugin_version), index, types_span))
        out.append("")

    out.append("constexpr FieldFile kFiles[] = {")
    out.extend(files)
    out.append("};")
    out.append("")

    evt = load_json(evttypes_path)
    require(isinstance(evt, dict), evttypes_path, "top level must be an object")
    lists = {}
    for key in ("event_names", "syscall_names", "event_param_names"):
        lists[key] = name_list(evt.get(key), "%s: %s" % (evttypes_path, key))
    for key, cname in (("event_names", "kEventNames"), ("syscall_names", "kSyscallNames"),
                       ("event_param_names", "kEventParamNames")):
        out.append("constexpr std::string_view %s[] = {" % cname)
        for name in lists[key]:
            out.append("    %s," % sv(name))
        out.append("};")
    event_max, per_name = event_code_counts(evt, set(lists["event_names"]), evttypes_path)
    out.append("constexpr size_t kPpmEventMax = %d;" % event_max)
    out.append("static_assert(kPpmEventMax <= kMaxEventCodes);")
    out.append("constexpr EventCodeCount kEventCodeCounts[] = {")
    for name, count in per_name:
        out.append("    {%s, %d}," % (sv(name), count))
    out.append("};")
    async_names = evt.get("plugin_async_event_names", {})
    require(isinstance(async_names, dict), evttypes_path, "plugin_async_event_names must be an object")
    async_entries = []
    for i, plugin in enumerate(sorted(async_names)):
        names = name_list(async_names[plugin], "%s: plugin_async_event_names.%s" % (evttypes_path, plugin))
        out.append("constexpr std::string_view kAsync%d[] = {%s};" % (i, ", ".join(sv(n) for n in names)))
        async_entries.append("    {%s, std::span<const std::string_view>(kAsync%d)}," % (sv(plugin), i))
    out.append("constexpr PluginEventNames kAsyncNames[] = {")
    out.extend(async_entries)
    out.append("};")
    out.append("")
    out.append("}  // namespace")
    out.append("")
    out.append("std::span<const FieldFile> field_files() { return kFiles; }")
    out.append("std::span<const std::string_view> event_table_names() { return kEventNames; }")
    out.append("std::span<const std::string_view> syscall_names() { return kSyscallNames; }")
    out.append("std::span<const std::string_view> event_param_names() { return kEventParamNames; }")
    out.append("std::span<const PluginEventNames> plugin_async_event_names() { return kAsyncNames; }")
    out.append("size_t ppm_event_max() { return kPpmEventMax; }")
    out.append("std::span<const EventCodeCount> event_code_counts() { return kEventCodeCounts; }")
    out.append("")
    out.append("}  // namespace rulekit::grammar::catalog_tables")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fields-dir", required=True)
    parser.add_argument("--evttypes", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    try:
        text = generate(args.fields_dir, args.evttypes)
    except DataError as e:
        print("gen_field_catalog.py: error: %s" % e, file=sys.stderr)
        return 1
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
