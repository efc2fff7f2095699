"""Fixtures for the Python-client suite: a real `skiff server` (the built binary) on a free
loopback port with a temp data dir, and the official Kubernetes client configured from the
kubeconfig it writes. The server is stopped by PID."""
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from kubernetes import client, config

REPO = pathlib.Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    binary = os.environ.get("SKIFF_BINARY", str(REPO / ".build/debug/skiff"))
    if not os.access(binary, os.X_OK):
        pytest.fail(f"no skiff binary at {binary}: build it first (swift build --product skiff)")
    work = tempfile.mkdtemp(prefix="skiff-pyclient-")
    data = os.path.join(work, "data")
    port = free_port()
    log = open(os.path.join(work, "server.log"), "w")
    process = subprocess.Popen(
        [binary, "server", "--data-dir", data, "--port", str(port), "--disable-agent"],
        stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.time() > deadline:
            process.kill()
            pytest.fail("skiff server did not become ready: " + open(log.name).read()[-2000:])
        time.sleep(0.05)
    yield {"kubeconfig": os.path.join(data, "kubeconfig.yaml"), "port": port}
    process.send_signal(signal.SIGTERM)
    try:
        assert process.wait(timeout=20) == 0, "server did not exit cleanly on SIGTERM"
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="session")
def api(server):
    configuration = client.Configuration()
    config.load_kube_config(config_file=server["kubeconfig"], client_configuration=configuration)
    return client.ApiClient(configuration)


@pytest.fixture()
def core(api):
    return client.CoreV1Api(api)


@pytest.fixture()
def apps(api):
    return client.AppsV1Api(api)


@pytest.fixture()
def namespace(core, request):
    """A fresh namespace per test, deleted afterwards."""
    name = "py-" + request.node.name.replace("_", "-").lower()[:40].strip("-")
    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=name)))
    yield name
    core.delete_namespace(name)
