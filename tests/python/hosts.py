"""What the seed hosts' own discovery code finds, printed as one JSON document.

Each function below loads plugins the way that host does, with no knowledge of `plugin`:
the plugins must be visible through the import path the host already has (a `.pth` file that
`plugin` keeps in the environment, or `PYTHONPATH` set by `plugin run`).

    python hosts.py PLUGIN_DIR HOST       (threatbus, kitovu, diffy, steppingstones, stoq)
    python hosts.py PLUGIN_DIR --group GROUP

PLUGIN_DIR is walked by stoQ's scan (stoQ finds workers by their `*.stoq` files). With
`--group`, the entry point group is looked up with every discovery library, to compare what
each of them sees. Either way the document also lists the distributions `plugin` installed.
"""

import asyncio
import configparser
import importlib.metadata
import importlib.util
import inspect
import json
import os
import sys
import warnings


def qualname(obj):
    return f"{obj.__module__}:{obj.__qualname__}"


def threatbus():
    """Threat Bus: pluggy managers for apps and backbones, filled from entry points."""
    import pluggy

    found = {}
    for group in ("threatbus.app", "threatbus.backbone"):
        pm = pluggy.PluginManager(group)
        pm.load_setuptools_entrypoints(group)
        found[group] = {name: qualname(p) for name, p in pm.list_name_plugin()}
        found[group + " distributions"] = sorted(
            f"{d.project_name} {d.version}" for _, d in pm.list_plugin_distinfo()
        )
    return found


def kitovu():
    """kitovu: a stevedore driver per sync plugin, by name."""
    from stevedore import driver, extension

    names = extension.ExtensionManager(namespace="kitovu.sync.plugin").names()
    return {
        name: qualname(
            driver.DriverManager(
                namespace="kitovu.sync.plugin", name=name, invoke_on_load=False
            ).driver
        )
        for name in sorted(names)
    }


def pkg_resources():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pkg_resources as pr
    return pr


def diffy():
    """Diffy: pkg_resources entry points, and each plugin's version as Diffy recommends."""
    pr = pkg_resources()
    plugins, versions = {}, {}
    for ep in pr.iter_entry_points("diffy.plugins"):
        obj = ep.load()
        plugins[ep.name] = qualname(obj)
        top = obj.__module__.split(".")[0]
        versions[top] = pr.get_distribution(top).version
    return {"plugins": plugins, "versions": versions}


def steppingstones():
    """SteppingStones: INSTALLED_APPS built from the entry points of its plugin group."""
    installed_apps = ["django.contrib.admin", "django.contrib.auth"]
    for ep in importlib.metadata.entry_points(group="steppingstones.plugins"):
        installed_apps.append(f"{ep.module}.{ep.attr}")
    configs = {}
    for app in installed_apps[2:]:
        module, _, attr = app.rpartition(".")
        configs[app] = getattr(importlib.import_module(module), attr).__name__
    return {"INSTALLED_APPS": installed_apps, "configs": configs}


def stoq(plugin_dir):
    """stoQ v3: walk the plugin directory for `*.stoq`, load `[Core] Module` by file path."""
    from stoq.plugins import BasePlugin, WorkerPlugin

    workers = {}
    for root, _, files in os.walk(plugin_dir):
        for name in sorted(files):
            if not name.endswith(".stoq"):
                continue
            config = configparser.ConfigParser()
            config.read(os.path.join(root, name))
            module_name = config.get("Core", "Module")
            path = os.path.join(root, module_name + ".py")
            spec = importlib.util.spec_from_file_location(module_name, path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            classes = [
                c
                for _, c in inspect.getmembers(module, inspect.isclass)
                if issubclass(c, BasePlugin) and c not in (BasePlugin, WorkerPlugin)
            ]
            workers[config.get("Core", "Name")] = classes[0](config, None)
    out = {"workers": sorted(workers)}
    if "hash" in workers:
        out["hash"] = asyncio.run(workers["hash"].scan(b"abc")).results
    return out


def group_views(group):
    """One entry point group as every discovery library sees it: NAME -> module:attr."""
    import pluggy
    from stevedore import extension

    pm = pluggy.PluginManager(group)
    pm.load_setuptools_entrypoints(group)
    return {
        "importlib.metadata": {
            ep.name: ep.value for ep in importlib.metadata.entry_points(group=group)
        },
        "pkg_resources": {
            ep.name: f"{ep.module_name}:{'.'.join(ep.attrs)}"
            for ep in pkg_resources().iter_entry_points(group)
        },
        "pluggy": {name: qualname(p) for name, p in pm.list_name_plugin()},
        "stevedore": {
            e.name: e.entry_point.value
            for e in extension.ExtensionManager(namespace=group)
        },
    }


def plugin_distributions():
    """Every distribution `plugin` installed (INSTALLER), as importlib.metadata sees it."""
    return sorted(
        f"{d.metadata['Name']} {d.version}"
        for d in importlib.metadata.distributions()
        if (d.read_text("INSTALLER") or "").strip() == "plugin"
    )


HOSTS = {
    "threatbus": lambda plugin_dir: threatbus(),
    "kitovu": lambda plugin_dir: kitovu(),
    "diffy": lambda plugin_dir: diffy(),
    "steppingstones": lambda plugin_dir: steppingstones(),
    "stoq": stoq,
}


def main():
    plugin_dir, what = sys.argv[1], sys.argv[2]
    doc = {"distributions": plugin_distributions()}
    if what == "--group":
        doc["group"] = group_views(sys.argv[3])
    else:
        doc[what] = HOSTS[what](plugin_dir)
    print(json.dumps(doc, sort_keys=True))


main()
