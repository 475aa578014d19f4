//! `plugin new NAME`: scaffolds a plugin source folder.

use crate::cli::{GlobalArgs, NewArgs, Template};
use crate::context::Context;
use crate::error::{hinted, ExitStatus};
use crate::fs::write_atomic;

pub(crate) fn run(
    args: NewArgs,
    _global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let name = super::parse_name(&args.name)?;
    let dir = ctx.cwd.join(
        args.path
            .as_deref()
            .unwrap_or(std::path::Path::new(name.as_str())),
    );
    if dir.exists() {
        return Err(hinted(
            format!("`{}` already exists", dir.display()),
            "choose another name, or give a folder with `--path`",
        ));
    }
    let module = name.as_str().replace('-', "_").to_ascii_lowercase();
    let kind = args.kind.as_deref().unwrap_or("plugin");
    let host_line = match &args.host {
        Some(h) => format!("host = {{ name = \"{h}\", version = \"*\" }}   # the host versions this plugin works with\n"),
        None => "# host = { name = \"stoq\", version = \">=3, <4\" }   # the host versions this plugin works with\n".to_string(),
    };
    let group = args
        .host
        .as_deref()
        .map_or_else(|| "plugins".to_string(), |h| format!("{h}.plugins"));
    let (include, files): (&str, Vec<(String, String)>) = match args.template {
        Template::Python => (
            "include = [\"README.md\", \"{module}\"]",
            vec![
                (format!("{module}/__init__.py"), format!("\"\"\"The `{name}` plugin.\"\"\"\n")),
                (
                    format!("{module}/plugin.py"),
                    format!(
                        "\"\"\"Entry point of `{name}`, loaded by the host through group `{group}`.\"\"\"\n\n\nclass Plugin:\n    \"\"\"A {kind} for the host.\"\"\"\n\n    name = \"{name}\"\n\n    def __init__(self, config=None):\n        self.config = config or {{}}\n"
                    ),
                ),
            ],
        ),
        Template::Generic => (
            "include = [\"README.md\", \"files\"]",
            vec![(
                "files/example.conf".to_string(),
                format!("# A file of `{name}`: put the plugin's files in this folder.\n"),
            )],
        ),
    };
    let entry_points = match args.template {
        Template::Python => format!(
            "\n# Entry points the host loads (PyPA entry-points format): NAME = \"module.path:Object\".\n[entry-points.\"{group}\"]\n{module} = \"{module}.plugin:Plugin\"\n"
        ),
        Template::Generic => format!(
            "\n# Entry points the host loads, if it loads any: NAME = \"module.path:Object\".\n# [entry-points.\"{group}\"]\n"
        ),
    };
    let manifest = format!(
        "# The package manifest of `{name}`; see docs/formats.md of `plugin`.\n[plugin]\nname = \"{name}\"\nversion = \"0.1.0\"                # semver 2.0\ndescription = \"What {name} does, in one sentence.\"\nauthors = []\nlicense = \"\"                      # an SPDX expression, such as \"Apache-2.0\"\nkind = \"{kind}\"\n{host_line}# Only plugin.toml and the files these globs select are packaged and installed.\n{}\nexclude = [\"**/*.pyc\", \"**/__pycache__\"]\n\n# Other plugins this one needs, with cargo-style requirements.\n[dependencies]\n{entry_points}\n# Default settings the host merges into its configuration.\n[config]\n\n# External needs, such as Python packages.\n[requirements]\npython = []\n",
        include.replace("{module}", &module)
    );
    std::fs::create_dir_all(&dir)?;
    write_atomic(&dir.join("plugin.toml"), manifest.as_bytes())?;
    write_atomic(
        &dir.join("README.md"),
        format!("# {name}\n\nA {kind} plugin. Build its package with `plugin package`, publish it with\n`plugin publish --index REGISTRY`.\n").as_bytes(),
    )?;
    let mut written = vec!["README.md".to_string(), "plugin.toml".to_string()];
    for (rel, text) in files {
        let path = dir.join(&rel);
        std::fs::create_dir_all(path.parent().expect("a parent"))?;
        write_atomic(&path, text.as_bytes())?;
        written.push(rel);
    }
    written.sort();
    ctx.printer.status(
        "Created",
        format_args!("plugin `{name}` in `{}`", dir.display()),
    );
    super::print_document(
        ctx,
        "new",
        true,
        serde_json::json!({
            "name": name.as_str(),
            "path": dir.display().to_string(),
            "files": written,
        }),
    )?;
    Ok(ExitStatus::Success)
}
