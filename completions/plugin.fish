# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_plugin_global_optspecs
    string join \n q/quiet v/verbose color= manifest-path= locked offline frozen json j/jobs= python= link-mode= mirror= h/help V/version
end

function __fish_plugin_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_plugin_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_plugin_using_subcommand
    set -l cmd (__fish_plugin_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c plugin -n "__fish_plugin_needs_command" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_needs_command" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_needs_command" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_needs_command" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_needs_command" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_needs_command" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_needs_command" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_needs_command" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_needs_command" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_needs_command" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_needs_command" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_needs_command" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_needs_command" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "init" -d 'Create a plugins.toml in the current folder'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "install" -d 'Install plugins and record them in plugins.toml and plugins.lock'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "add" -d 'Install plugins and record them in plugins.toml and plugins.lock'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "upgrade" -d 'Upgrade plugins to the newest versions plugins.toml allows'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "update" -d 'Upgrade plugins to the newest versions plugins.toml allows'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "uninstall" -d 'Remove plugins: their recorded files, their plugins.toml entry and their lock entry'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "remove" -d 'Remove plugins: their recorded files, their plugins.toml entry and their lock entry'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "verify" -d 'Check installed files against their install records and plugins.lock'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "rollback" -d 'Return plugins, plugins.toml and plugins.lock to the state before the last change'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "login" -d 'Store a registry token, read from standard input, in the user\'s credentials file'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "logout" -d 'Remove a stored registry token'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "mirror" -d 'Write every locked package into DIR as a registry, for machines without network'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "new" -d 'Create a plugin source folder with a commented plugin.toml'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "package" -d 'Validate a plugin source folder and write its reproducible archive'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "publish" -d 'Publish an archive, or a folder after packaging it, into a registry kept as a folder'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "yank" -d 'Mark a published version as yanked (or, with --undo, not yanked)'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "index" -d 'Create or check a registry kept as a folder'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "search" -d 'Search a registry\'s plugins by name and description'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "info" -d 'Show a plugin\'s versions, description, dependencies, host and entry points'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "entry-points" -d 'List the entry points of the installed plugins (for hosts to load them)'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "run" -d 'Run a command with the plugin folders leading PYTHONPATH (no shell; exit status passed on)'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "env" -d 'Print the environment `plugin run` sets, for `eval` in a shell'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "requirements" -d 'Print the installed plugins\' Python requirements, deduplicated and sorted'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "outdated" -d 'Show each locked plugin\'s newest compatible and newest available versions'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "cache" -d 'Show, clear or prune the download cache'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "tree" -d 'Print the resolved dependency tree from plugins.lock'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "audit" -d 'Check every locked plugin against its registry\'s security advisories; exit 1 on a hit'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "why" -d 'Show why a plugin is installed: every path from plugins.toml to it; with @VERSION, why that version was not chosen'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "advisory" -d 'Keep security advisories (OSV records) in a registry kept as a folder'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "list" -d 'List installed plugins with version and source (one per line on stdout)'
complete -c plugin -n "__fish_plugin_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plugin -n "__fish_plugin_using_subcommand init" -l registry -d 'The default registry: a URL or a path' -r
complete -c plugin -n "__fish_plugin_using_subcommand init" -l plugin-dir -d 'The plugin directory, relative to plugins.toml' -r
complete -c plugin -n "__fish_plugin_using_subcommand init" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand init" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand init" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand init" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand init" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand init" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand init" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand init" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand init" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand init" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand init" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand init" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand init" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand install" -l registry -d 'The registry to use: a name from `[registries]`, a URL or a path' -r
complete -c plugin -n "__fish_plugin_using_subcommand install" -l plugin-dir -d 'The plugin directory (default: `[project] plugin-dir`, else `plugins` beside plugins.toml)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand install" -l sha256 -d 'The expected sha256 of an archive URL (64 hex digits)' -r
complete -c plugin -n "__fish_plugin_using_subcommand install" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand install" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand install" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand install" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand install" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand install" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand install" -l dry-run -d 'Show what would change, and change nothing'
complete -c plugin -n "__fish_plugin_using_subcommand install" -l force -d 'Reinstall the named plugins (all, with no SPEC) from their locked source even if current, removing files in their folders that are not part of the package'
complete -c plugin -n "__fish_plugin_using_subcommand install" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand install" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand install" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand install" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand install" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand install" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand install" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand add" -l registry -d 'The registry to use: a name from `[registries]`, a URL or a path' -r
complete -c plugin -n "__fish_plugin_using_subcommand add" -l plugin-dir -d 'The plugin directory (default: `[project] plugin-dir`, else `plugins` beside plugins.toml)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand add" -l sha256 -d 'The expected sha256 of an archive URL (64 hex digits)' -r
complete -c plugin -n "__fish_plugin_using_subcommand add" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand add" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand add" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand add" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand add" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand add" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand add" -l dry-run -d 'Show what would change, and change nothing'
complete -c plugin -n "__fish_plugin_using_subcommand add" -l force -d 'Reinstall the named plugins (all, with no SPEC) from their locked source even if current, removing files in their folders that are not part of the package'
complete -c plugin -n "__fish_plugin_using_subcommand add" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand add" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand add" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand add" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand add" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand add" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand add" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -l plugin-dir -d 'The plugin directory' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -l all -d 'Upgrade every plugin'
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -l breaking -d 'Allow new major versions: set the plugins.toml requirement aside, and rewrite it when the version picked falls outside it'
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -l dry-run -d 'Show what would change, and change nothing'
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand upgrade" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand update" -l plugin-dir -d 'The plugin directory' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand update" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand update" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand update" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand update" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand update" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand update" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand update" -l all -d 'Upgrade every plugin'
complete -c plugin -n "__fish_plugin_using_subcommand update" -l breaking -d 'Allow new major versions: set the plugins.toml requirement aside, and rewrite it when the version picked falls outside it'
complete -c plugin -n "__fish_plugin_using_subcommand update" -l dry-run -d 'Show what would change, and change nothing'
complete -c plugin -n "__fish_plugin_using_subcommand update" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand update" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand update" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand update" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand update" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand update" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand update" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -l plugin-dir -d 'The plugin directory' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -l all -d 'Remove every plugin: empty the `[plugins]` table of plugins.toml and uninstall all'
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -l dry-run -d 'Show what would change, and change nothing'
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand uninstall" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand remove" -l plugin-dir -d 'The plugin directory' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand remove" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand remove" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand remove" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand remove" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand remove" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand remove" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand remove" -l all -d 'Remove every plugin: empty the `[plugins]` table of plugins.toml and uninstall all'
complete -c plugin -n "__fish_plugin_using_subcommand remove" -l dry-run -d 'Show what would change, and change nothing'
complete -c plugin -n "__fish_plugin_using_subcommand remove" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand remove" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand remove" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand remove" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand remove" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand remove" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand remove" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand verify" -l plugin-dir -d 'The plugin directory' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand verify" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand verify" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand verify" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand verify" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand verify" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand verify" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand verify" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand verify" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand verify" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand verify" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand verify" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand verify" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand verify" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -l plugin-dir -d 'The plugin directory' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -l dry-run -d 'Show what would change, and change nothing'
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand rollback" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand login" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand login" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand login" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand login" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand login" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand login" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand login" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand login" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand login" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand login" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand login" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand login" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand login" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand logout" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand logout" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand logout" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand logout" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand logout" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand logout" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand logout" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand logout" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand logout" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand logout" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand logout" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand logout" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand logout" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand mirror" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand new" -l kind -d 'Its category, such as `worker`, `app` or `backbone`' -r
complete -c plugin -n "__fish_plugin_using_subcommand new" -l host -d 'The host application it is for, such as `stoq`' -r
complete -c plugin -n "__fish_plugin_using_subcommand new" -l template -d 'The layout to start from' -r -f -a "python\t'A Python module with an entry point'
generic\t'A folder of files and no code'"
complete -c plugin -n "__fish_plugin_using_subcommand new" -l path -d 'The folder to create (default: NAME)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand new" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand new" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand new" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand new" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand new" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand new" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand new" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand new" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand new" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand new" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand new" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand new" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand new" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand package" -l out -d 'Where to write the archive (default: the current folder)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand package" -l format -d 'The archive format' -r -f -a "tar.gz\t'gzip-compressed tar'
zip\t'zip'"
complete -c plugin -n "__fish_plugin_using_subcommand package" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand package" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand package" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand package" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand package" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand package" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand package" -l list -d 'Print the files the archive would hold, and write nothing'
complete -c plugin -n "__fish_plugin_using_subcommand package" -l top-folder -d 'Put every file under one folder NAME-VERSION/ (release-tarball style)'
complete -c plugin -n "__fish_plugin_using_subcommand package" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand package" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand package" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand package" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand package" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand package" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand package" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand package" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand publish" -l index -d 'The registry: a folder, or an object store (`s3://BUCKET/PREFIX`, `az://CONTAINER/PREFIX`)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand publish" -l format -d 'The archive format, when packaging a folder' -r -f -a "tar.gz\t'gzip-compressed tar'
zip\t'zip'"
complete -c plugin -n "__fish_plugin_using_subcommand publish" -l keys -d 'Re-sign a signed registry with the online key in KEYDIR (or set PLUGIN_SIGNING_KEYS)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand publish" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand publish" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand publish" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand publish" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand publish" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand publish" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand publish" -l top-folder -d 'Put every file under one folder NAME-VERSION/, when packaging a folder'
complete -c plugin -n "__fish_plugin_using_subcommand publish" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand publish" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand publish" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand publish" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand publish" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand publish" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand publish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand publish" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand yank" -l index -d 'The registry: a folder, or an object store (`s3://BUCKET/PREFIX`, `az://CONTAINER/PREFIX`)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand yank" -l keys -d 'Re-sign a signed registry with the online key in KEYDIR (or set PLUGIN_SIGNING_KEYS)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand yank" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand yank" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand yank" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand yank" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand yank" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand yank" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand yank" -l undo -d 'Mark the version as not yanked again'
complete -c plugin -n "__fish_plugin_using_subcommand yank" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand yank" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand yank" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand yank" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand yank" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand yank" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand yank" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand yank" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -f -a "init" -d 'Create a registry (config.json and an empty search listing) in a folder or an object store'
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -f -a "sign" -d 'Sign a signed registry folder again: a new timestamp, snapshot and targets with fresh expiry (run it on a schedule, well within `--timestamp-expires`), or a new root'
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -f -a "verify" -d 'Check every index line against its archive; exit 1 on any problem. In an object store, also list the archives no index line names (orphans; not a failure)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -f -a "gc" -d 'Delete the archives no index line names (left by a publish that was killed half-way) from a registry folder or object store. Run it when no publish is under way'
complete -c plugin -n "__fish_plugin_using_subcommand index; and not __fish_seen_subcommand_from init sign verify gc help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l keys -d 'The key folder (outside DIR): `root.pem` and `online.pem`, made when missing' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l root-expires -d 'How long root.json stays valid' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l targets-expires -d 'How long targets.json stays valid' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l snapshot-expires -d 'How long snapshot.json stays valid' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l timestamp-expires -d 'How long timestamp.json stays valid: a registry not re-signed within it is refused' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l signed -d 'Sign it with TUF: keys are made in (or read from) `--keys KEYDIR`, the metadata written beside config.json'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l keys -d 'The key folder (or set PLUGIN_SIGNING_KEYS); the online key suffices unless `--rotate-root` is given, which needs its root key too' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l rotate-root -d 'Rotate to the keys in NEWKEYDIR (made when missing): a new root signed by the old root key and the new one, and everything signed again with the new online key' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l root-expires -d 'How long root.json stays valid' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l targets-expires -d 'How long targets.json stays valid' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l snapshot-expires -d 'How long snapshot.json stays valid' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l timestamp-expires -d 'How long timestamp.json stays valid: a registry not re-signed within it is refused' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from sign" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from gc" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from help" -f -a "init" -d 'Create a registry (config.json and an empty search listing) in a folder or an object store'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from help" -f -a "sign" -d 'Sign a signed registry folder again: a new timestamp, snapshot and targets with fresh expiry (run it on a schedule, well within `--timestamp-expires`), or a new root'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check every index line against its archive; exit 1 on any problem. In an object store, also list the archives no index line names (orphans; not a failure)'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from help" -f -a "gc" -d 'Delete the archives no index line names (left by a publish that was killed half-way) from a registry folder or object store. Run it when no publish is under way'
complete -c plugin -n "__fish_plugin_using_subcommand index; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plugin -n "__fish_plugin_using_subcommand search" -l registry -d 'The registry: a name from `[registries]`, a URL or a path (default: the project\'s)' -r
complete -c plugin -n "__fish_plugin_using_subcommand search" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand search" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand search" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand search" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand search" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand search" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand search" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand search" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand search" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand search" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand search" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand search" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand search" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand info" -l registry -d 'The registry: a name from `[registries]`, a URL or a path (default: the project\'s)' -r
complete -c plugin -n "__fish_plugin_using_subcommand info" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand info" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand info" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand info" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand info" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand info" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand info" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand info" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand info" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand info" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand info" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand info" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand info" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand info" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -l plugin-dir -d 'The plugin directory' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand entry-points" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand run" -l plugin-dir -d 'The plugin directory' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand run" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand run" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand run" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand run" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand run" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand run" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand run" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand run" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand run" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand run" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand run" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand run" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand run" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand env" -l shell -d 'The shell to print for' -r -f -a "sh\t'POSIX sh, bash, zsh: `export NAME=\'VALUE\'`'
fish\t'fish: `set -gx NAME \'VALUE\'`'
powershell\t'PowerShell: `$env:NAME = \'VALUE\'`'"
complete -c plugin -n "__fish_plugin_using_subcommand env" -l plugin-dir -d 'The plugin directory' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand env" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand env" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand env" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand env" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand env" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand env" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand env" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand env" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand env" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand env" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand env" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand env" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand env" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand env" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -l format -d 'The output format' -r -f -a "pip\t'A pip requirements file, with the plugins that want each line in a comment'
json\t'JSON (see docs/json.md)'"
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -l plugin-dir -d 'The plugin directory' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand requirements" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand outdated" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -f -a "dir" -d 'Print the cache folder'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -f -a "clean" -d 'Delete everything in the cache'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -f -a "prune" -d 'Delete cached files not used for some days'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and not __fish_seen_subcommand_from dir clean prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from dir" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from clean" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -l days -d 'Keep what was used within this many days' -r
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "dir" -d 'Print the cache folder'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "clean" -d 'Delete everything in the cache'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Delete cached files not used for some days'
complete -c plugin -n "__fish_plugin_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plugin -n "__fish_plugin_using_subcommand completions" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand completions" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand completions" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand completions" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand completions" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand completions" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand completions" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand completions" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand completions" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand completions" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand completions" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand completions" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand completions" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand tree" -s i -l invert -d 'Show the plugins that need NAME, up to plugins.toml, instead of what they need' -r
complete -c plugin -n "__fish_plugin_using_subcommand tree" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand tree" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand tree" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand tree" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand tree" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand tree" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand tree" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand tree" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand tree" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand tree" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand tree" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand tree" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand tree" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand tree" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand audit" -l ignore -d 'An advisory id (or alias) to leave out of the report. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand audit" -l ignore-until-fixed -d 'An advisory id (or alias) to leave out while no fixed version is published. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand audit" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand audit" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand audit" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand audit" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand audit" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand audit" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand audit" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand audit" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand audit" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand audit" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand audit" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand audit" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand audit" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand why" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand why" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand why" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand why" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand why" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand why" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand why" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand why" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand why" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand why" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand why" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand why" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand why" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand why" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -f -a "add" -d 'Validate OSV records and file them under each plugin they name'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and not __fish_seen_subcommand_from add help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -l index -d 'The registry folder' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -l keys -d 'Re-sign a signed registry with the online key in KEYDIR (or set PLUGIN_SIGNING_KEYS)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from help" -f -a "add" -d 'Validate OSV records and file them under each plugin they name'
complete -c plugin -n "__fish_plugin_using_subcommand advisory; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plugin -n "__fish_plugin_using_subcommand list" -l plugin-dir -d 'The plugin directory' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand list" -l color -d 'When to use colour (`NO_COLOR` is honoured by `auto`)' -r -f -a "auto\t'Colour when writing to a terminal'
always\t'Always colour'
never\t'Never colour'"
complete -c plugin -n "__fish_plugin_using_subcommand list" -l manifest-path -d 'Path to the project\'s plugins.toml (default: found in the current folder or above)' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand list" -s j -l jobs -d 'How many plugins to fetch and unpack at once (default: four times the CPUs; `PLUGIN_JOBS`)' -r
complete -c plugin -n "__fish_plugin_using_subcommand list" -l python -d 'The host\'s Python environment (a virtual environment or an interpreter): keep one .pth file there listing the plugin folders [env: PLUGIN_PYTHON]. Wins over `[project] python`' -r -F
complete -c plugin -n "__fish_plugin_using_subcommand list" -l link-mode -d 'How install, upgrade and rollback place files from the store in the cache: a clone (reflink, else a copy), a hard link, or a copy [env: PLUGIN_LINK_MODE]. Wins over `[project] link-mode`; default `clone`' -r -f -a "clone\t''
hardlink\t''
copy\t''"
complete -c plugin -n "__fish_plugin_using_subcommand list" -l mirror -d 'Read registry NAME (default: `default`) from a mirror, such as a folder written by `plugin mirror`, keeping plugins.lock\'s sources [env: PLUGIN_MIRROR]. Repeatable' -r
complete -c plugin -n "__fish_plugin_using_subcommand list" -s q -l quiet -d 'Print only errors'
complete -c plugin -n "__fish_plugin_using_subcommand list" -s v -l verbose -d 'Print more detail (URLs fetched, decisions taken)'
complete -c plugin -n "__fish_plugin_using_subcommand list" -l locked -d 'Fail if plugins.toml and plugins.lock disagree or the lock would change (CI)'
complete -c plugin -n "__fish_plugin_using_subcommand list" -l offline -d 'Use no network: archives and index files come from the cache'
complete -c plugin -n "__fish_plugin_using_subcommand list" -l frozen -d 'Both `--locked` and `--offline`'
complete -c plugin -n "__fish_plugin_using_subcommand list" -l json -d 'Print one JSON document on stdout (schemas in docs/json.md)'
complete -c plugin -n "__fish_plugin_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c plugin -n "__fish_plugin_using_subcommand list" -s V -l version -d 'Print version'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "init" -d 'Create a plugins.toml in the current folder'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "install" -d 'Install plugins and record them in plugins.toml and plugins.lock'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "upgrade" -d 'Upgrade plugins to the newest versions plugins.toml allows'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "uninstall" -d 'Remove plugins: their recorded files, their plugins.toml entry and their lock entry'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "verify" -d 'Check installed files against their install records and plugins.lock'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "rollback" -d 'Return plugins, plugins.toml and plugins.lock to the state before the last change'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "login" -d 'Store a registry token, read from standard input, in the user\'s credentials file'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "logout" -d 'Remove a stored registry token'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "mirror" -d 'Write every locked package into DIR as a registry, for machines without network'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "new" -d 'Create a plugin source folder with a commented plugin.toml'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "package" -d 'Validate a plugin source folder and write its reproducible archive'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "publish" -d 'Publish an archive, or a folder after packaging it, into a registry kept as a folder'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "yank" -d 'Mark a published version as yanked (or, with --undo, not yanked)'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "index" -d 'Create or check a registry kept as a folder'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "search" -d 'Search a registry\'s plugins by name and description'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "info" -d 'Show a plugin\'s versions, description, dependencies, host and entry points'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "entry-points" -d 'List the entry points of the installed plugins (for hosts to load them)'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "run" -d 'Run a command with the plugin folders leading PYTHONPATH (no shell; exit status passed on)'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "env" -d 'Print the environment `plugin run` sets, for `eval` in a shell'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "requirements" -d 'Print the installed plugins\' Python requirements, deduplicated and sorted'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "outdated" -d 'Show each locked plugin\'s newest compatible and newest available versions'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "cache" -d 'Show, clear or prune the download cache'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "completions" -d 'Print a shell completion script'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "tree" -d 'Print the resolved dependency tree from plugins.lock'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "audit" -d 'Check every locked plugin against its registry\'s security advisories; exit 1 on a hit'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "why" -d 'Show why a plugin is installed: every path from plugins.toml to it; with @VERSION, why that version was not chosen'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "advisory" -d 'Keep security advisories (OSV records) in a registry kept as a folder'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "list" -d 'List installed plugins with version and source (one per line on stdout)'
complete -c plugin -n "__fish_plugin_using_subcommand help; and not __fish_seen_subcommand_from init install upgrade uninstall verify rollback login logout mirror new package publish yank index search info entry-points run env requirements outdated cache completions tree audit why advisory list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c plugin -n "__fish_plugin_using_subcommand help; and __fish_seen_subcommand_from index" -f -a "init" -d 'Create a registry (config.json and an empty search listing) in a folder or an object store'
complete -c plugin -n "__fish_plugin_using_subcommand help; and __fish_seen_subcommand_from index" -f -a "sign" -d 'Sign a signed registry folder again: a new timestamp, snapshot and targets with fresh expiry (run it on a schedule, well within `--timestamp-expires`), or a new root'
complete -c plugin -n "__fish_plugin_using_subcommand help; and __fish_seen_subcommand_from index" -f -a "verify" -d 'Check every index line against its archive; exit 1 on any problem. In an object store, also list the archives no index line names (orphans; not a failure)'
complete -c plugin -n "__fish_plugin_using_subcommand help; and __fish_seen_subcommand_from index" -f -a "gc" -d 'Delete the archives no index line names (left by a publish that was killed half-way) from a registry folder or object store. Run it when no publish is under way'
complete -c plugin -n "__fish_plugin_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "dir" -d 'Print the cache folder'
complete -c plugin -n "__fish_plugin_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "clean" -d 'Delete everything in the cache'
complete -c plugin -n "__fish_plugin_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "prune" -d 'Delete cached files not used for some days'
complete -c plugin -n "__fish_plugin_using_subcommand help; and __fish_seen_subcommand_from advisory" -f -a "add" -d 'Validate OSV records and file them under each plugin they name'
