/// The discovery details the swagger spec does not carry: short names and categories, as the
/// Kubernetes 1.32 API server reports them (`kubectl api-resources`).
enum ResourceHints {
    /// Short names by `group/resource` ("" group for core).
    static let shortNames: [String: [String]] = [
        "/componentstatuses": ["cs"],
        "/configmaps": ["cm"],
        "/endpoints": ["ep"],
        "/events": ["ev"],
        "/limitranges": ["limits"],
        "/namespaces": ["ns"],
        "/nodes": ["no"],
        "/persistentvolumeclaims": ["pvc"],
        "/persistentvolumes": ["pv"],
        "/pods": ["po"],
        "/replicationcontrollers": ["rc"],
        "/resourcequotas": ["quota"],
        "/serviceaccounts": ["sa"],
        "/services": ["svc"],
        "apps/daemonsets": ["ds"],
        "apps/deployments": ["deploy"],
        "apps/replicasets": ["rs"],
        "apps/statefulsets": ["sts"],
        "batch/cronjobs": ["cj"],
        "autoscaling/horizontalpodautoscalers": ["hpa"],
        "events.k8s.io/events": ["ev"],
        "networking.k8s.io/ingresses": ["ing"],
        "networking.k8s.io/networkpolicies": ["netpol"],
        "networking.k8s.io/ipaddresses": ["ip"],
        "policy/poddisruptionbudgets": ["pdb"],
        "scheduling.k8s.io/priorityclasses": ["pc"],
        "storage.k8s.io/storageclasses": ["sc"],
        "storage.k8s.io/volumeattributesclasses": ["vac"],
        "apiextensions.k8s.io/customresourcedefinitions": ["crd", "crds"],
        "certificates.k8s.io/certificatesigningrequests": ["csr"],
    ]

    /// Categories by `group/resource`: `kubectl get all` expands the "all" category.
    static let categories: [String: [String]] = [
        "/pods": ["all"],
        "/services": ["all"],
        "/replicationcontrollers": ["all"],
        "apps/daemonsets": ["all"],
        "apps/deployments": ["all"],
        "apps/replicasets": ["all"],
        "apps/statefulsets": ["all"],
        "batch/jobs": ["all"],
        "batch/cronjobs": ["all"],
        "autoscaling/horizontalpodautoscalers": ["all"],
        "apiextensions.k8s.io/customresourcedefinitions": ["api-extensions"],
    ]

    static func shortNames(group: String, resource: String) -> [String] {
        shortNames[group + "/" + resource] ?? []
    }

    static func categories(group: String, resource: String) -> [String] {
        categories[group + "/" + resource] ?? []
    }
}
