"""The official Kubernetes Python client against `skiff server`: CRUD, errors, lists with
selectors and pagination, watches and watch resume."""
import threading

import pytest
from kubernetes import client, watch
from kubernetes.client.rest import ApiException


def configmap(name, data=None, labels=None):
    return client.V1ConfigMap(
        metadata=client.V1ObjectMeta(name=name, labels=labels or {}), data=data or {"k": "v"})


def test_standard_namespaces_exist(core):
    names = {ns.metadata.name for ns in core.list_namespace().items}
    assert {"default", "kube-system", "kube-public", "kube-node-lease"} <= names


def test_create_read_update_delete(core, namespace):
    created = core.create_namespaced_config_map(namespace, configmap("app", {"greeting": "hello"}))
    assert created.metadata.uid
    assert created.metadata.creation_timestamp is not None
    assert int(created.metadata.resource_version) > 0

    read = core.read_namespaced_config_map("app", namespace)
    assert read.data == {"greeting": "hello"}
    assert read.metadata.resource_version == created.metadata.resource_version

    read.data["greeting"] = "hi"
    updated = core.replace_namespaced_config_map("app", namespace, read)
    assert updated.data == {"greeting": "hi"}
    assert int(updated.metadata.resource_version) > int(read.metadata.resource_version)
    assert updated.metadata.uid == created.metadata.uid

    core.delete_namespaced_config_map("app", namespace)
    with pytest.raises(ApiException) as gone:
        core.read_namespaced_config_map("app", namespace)
    assert gone.value.status == 404


def test_errors_are_kubernetes_statuses(core, namespace):
    core.create_namespaced_config_map(namespace, configmap("dup"))
    with pytest.raises(ApiException) as exists:
        core.create_namespaced_config_map(namespace, configmap("dup"))
    assert exists.value.status == 409
    assert '"reason":"AlreadyExists"' in exists.value.body.replace(" ", "")

    stale = core.read_namespaced_config_map("dup", namespace)
    fresh = core.read_namespaced_config_map("dup", namespace)
    fresh.data = {"k": "changed"}
    core.replace_namespaced_config_map("dup", namespace, fresh)
    stale.data = {"k": "lost update"}
    with pytest.raises(ApiException) as conflict:
        core.replace_namespaced_config_map("dup", namespace, stale)
    assert conflict.value.status == 409
    assert '"reason":"Conflict"' in conflict.value.body.replace(" ", "")
    assert core.read_namespaced_config_map("dup", namespace).data == {"k": "changed"}

    with pytest.raises(ApiException) as invalid:
        core.create_namespaced_config_map(namespace, configmap("Not_A_Valid_Name"))
    assert invalid.value.status == 422

    with pytest.raises(ApiException) as missing_ns:
        core.create_namespaced_config_map("no-such-namespace", configmap("x"))
    assert missing_ns.value.status == 404


def test_list_with_selectors_and_pagination(core, namespace):
    for i in range(25):
        tier = "web" if i % 2 == 0 else "db"
        core.create_namespaced_config_map(namespace, configmap(f"cm-{i:02d}", labels={"tier": tier}))

    web = core.list_namespaced_config_map(namespace, label_selector="tier=web")
    assert sorted(c.metadata.name for c in web.items) == [f"cm-{i:02d}" for i in range(0, 25, 2)]
    not_web = core.list_namespaced_config_map(namespace, label_selector="tier notin (web)")
    assert len(not_web.items) == 12
    one = core.list_namespaced_config_map(namespace, field_selector="metadata.name=cm-07")
    assert [c.metadata.name for c in one.items] == ["cm-07"]

    names, token, pages = [], None, 0
    while True:
        page = core.list_namespaced_config_map(namespace, limit=10, _continue=token)
        pages += 1
        names += [c.metadata.name for c in page.items]
        token = page.metadata._continue
        if not token:
            break
        assert len(page.items) == 10
    assert pages == 3
    assert names == [f"cm-{i:02d}" for i in range(25)]


def test_watch_sees_changes_and_resumes_from_a_resource_version(core, namespace):
    start = core.list_namespaced_config_map(namespace).metadata.resource_version

    def write():
        core.create_namespaced_config_map(namespace, configmap("watched", {"n": "1"}))
        cm = core.read_namespaced_config_map("watched", namespace)
        cm.data = {"n": "2"}
        core.replace_namespaced_config_map("watched", namespace, cm)
        core.delete_namespaced_config_map("watched", namespace)

    writer = threading.Thread(target=write)
    seen = []
    w = watch.Watch()
    writer.start()
    for event in w.stream(core.list_namespaced_config_map, namespace,
                          resource_version=start, timeout_seconds=10):
        seen.append((event["type"], event["object"].metadata.name, event["object"].metadata.resource_version))
        if len(seen) == 3:
            w.stop()
    writer.join()
    assert [s[0] for s in seen] == ["ADDED", "MODIFIED", "DELETED"]
    assert all(s[1] == "watched" for s in seen)

    # Resume after the first event: the same later events again, nothing before.
    resumed = []
    w = watch.Watch()
    for event in w.stream(core.list_namespaced_config_map, namespace,
                          resource_version=seen[0][2], timeout_seconds=5):
        resumed.append(event["type"])
        if len(resumed) == 2:
            w.stop()
    assert resumed == ["MODIFIED", "DELETED"]


def test_other_groups_work_the_same(apps, namespace):
    deployment = client.V1Deployment(
        metadata=client.V1ObjectMeta(name="web"),
        spec=client.V1DeploymentSpec(
            selector=client.V1LabelSelector(match_labels={"app": "web"}),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels={"app": "web"}),
                spec=client.V1PodSpec(containers=[client.V1Container(name="app", image="web:1")]))))
    created = apps.create_namespaced_deployment(namespace, deployment)
    assert created.metadata.generation == 1
    listed = apps.list_namespaced_deployment(namespace)
    assert [d.metadata.name for d in listed.items] == ["web"]
    apps.delete_namespaced_deployment("web", namespace)
