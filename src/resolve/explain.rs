//! The conflict report: PubGrub's derivation tree written as sentences about plugins.toml,
//! plugins, versions and the host, with the hints of [`ResolveError::NoSolution`].

use std::collections::{BTreeMap, HashMap};

use pubgrub::{
    DefaultStringReporter, DerivationTree, Derived, External, Map, ReportFormatter, Reporter, Term,
    VersionSet as _,
};
use semver::Version;

use crate::name::PluginName;
use crate::project::{HostVersion, PluginSpec};
use crate::resolve::version_set::VersionSet;

use super::provider::{usable, Provider};
use super::{Package, ResolveError, ResolveInput, Unusable};

/// The error for a resolution PubGrub found impossible (`tree`): a requirement of the project
/// that matches no version at all is named as such; otherwise the derivation is explained.
pub(super) fn no_solution(
    tree: DerivationTree<Package, VersionSet, Unusable>,
    specs: &BTreeMap<PluginName, PluginSpec>,
    input: &ResolveInput<'_>,
    provider: &Provider<'_>,
) -> ResolveError {
    // A requirement of the project that matches no version at all is named as such.
    for (name, spec) in specs {
        let PluginSpec::Registry { req, .. } = spec else {
            continue;
        };
        if input.relax.contains(name) || input.precise.contains_key(name) {
            continue;
        }
        let Ok(lines) = provider.lines(name) else {
            continue;
        };
        let locked = provider.locked(name).ok().flatten();
        if !lines
            .iter()
            .any(|l| usable(l, locked.as_ref()) && req.matches(&l.vers))
        {
            return ResolveError::NoMatchingVersion {
                name: name.to_string(),
                req: crate::project::req_text(req),
                newest: lines
                    .iter()
                    .filter(|l| !l.yanked)
                    .map(|l| l.vers.clone())
                    .max(),
                yanked: lines
                    .iter()
                    .filter(|l| l.yanked && req.matches(&l.vers))
                    .map(|l| l.vers.clone())
                    .collect(),
            };
        }
    }
    // Fold "there is no version of X in …" into the sentence that needs it, unless
    // it is the host's (that one names the host version the user must see) or nothing
    // would be left to explain.
    let mut collapsed = tree.clone();
    if !tree
        .packages()
        .iter()
        .any(|p| matches!(p, Package::Host(_)))
    {
        collapsed.collapse_no_versions();
    }
    let tree = match collapsed {
        DerivationTree::Derived(_) => collapsed,
        DerivationTree::External(_) => tree,
    };
    explain(&tree, provider)
}

/// Writes PubGrub's derivation tree in plain sentences about plugins.toml, plugins, versions
/// and the host.
struct Explainer<'a> {
    host: Option<&'a HostVersion>,
    /// The versions each registry plugin lists, sorted, to describe sets of versions by what
    /// exists rather than by how the solver happened to build them.
    listed: HashMap<PluginName, Vec<Version>>,
}

type Ext = External<Package, VersionSet, Unusable>;
type Terms = Map<Package, Term<VersionSet>>;

impl Explainer<'_> {
    /// ` SET` for `p`, or nothing when the set holds every version. A set the solver built
    /// from single versions (`1.0.0 | 1.1.0 | …`) is described by the listed versions it
    /// holds: nothing if all, a range if they are consecutive.
    fn versions(&self, p: &Package, set: &VersionSet) -> String {
        if *set == VersionSet::full() || *set == VersionSet::any_release() {
            return String::new();
        }
        let shown = set.to_string();
        let listed = match p {
            Package::Plugin(n) => self.listed.get(n),
            _ => None,
        };
        let Some(listed) = listed.filter(|_| shown.contains(" | ")) else {
            return format!(" {shown}");
        };
        let inside: Vec<usize> = (0..listed.len())
            .filter(|&i| set.contains(&listed[i]))
            .collect();
        match inside.as_slice() {
            [] => format!(" {shown}"),
            all if all.len() == listed.len() => String::new(),
            [one] => format!(" {}", listed[*one]),
            run if run.windows(2).all(|w| w[1] == w[0] + 1) => {
                format!(" >={}, <={}", listed[run[0]], listed[run[run.len() - 1]])
            }
            _ => format!(" {shown}"),
        }
    }
}

impl ReportFormatter<Package, VersionSet, Unusable> for Explainer<'_> {
    type Output = String;

    fn format_external(&self, external: &Ext) -> String {
        match external {
            External::NotRoot(p, _) => format!("{p} is what is being resolved"),
            External::NoVersions(Package::Host(h), set) => match self.host {
                Some(hv) => format!(
                    "the project's host is `{h}` {} (`[project] host` in plugins.toml), which is not {set}",
                    hv.version
                ),
                None => format!("no version of host `{h}` is {set}"),
            },
            External::NoVersions(p, set) => {
                if *set == VersionSet::full() || *set == VersionSet::any_release() {
                    format!("no version of {p} is available")
                } else {
                    format!("no version of {p} matches {set}")
                }
            }
            External::Custom(p, set, why) => format!("{p}{} {why}", self.versions(p, set)),
            External::FromDependencyOf(Package::Root, _, dep, set) => {
                format!("plugins.toml requires {dep}{}", self.versions(dep, set))
            }
            External::FromDependencyOf(p, set_p, dep @ Package::Host(_), set_dep) => format!(
                "{p}{} requires {dep}{}",
                self.versions(p, set_p),
                self.versions(dep, set_dep)
            ),
            External::FromDependencyOf(p, set_p, dep, set_dep) => format!(
                "{p}{} depends on {dep}{}",
                self.versions(p, set_p),
                self.versions(dep, set_dep)
            ),
        }
    }

    fn format_terms(&self, terms: &Terms) -> String {
        // "plugins.toml is being resolved" goes without saying.
        let terms: Vec<_> = terms
            .iter()
            .filter(|(p, t)| !(matches!(p, Package::Root) && matches!(t, Term::Positive(_))))
            .collect();
        match terms.as_slice() {
            [] | [(Package::Root, _)] => "plugins.toml cannot be satisfied".into(),
            [(p, Term::Positive(set))] => {
                format!("{p}{} cannot be installed", self.versions(p, set))
            }
            [(p, Term::Negative(set))] => {
                format!("{p}{} is required", self.versions(p, set))
            }
            [(p1, Term::Positive(s1)), (p2, Term::Negative(s2))]
            | [(p2, Term::Negative(s2)), (p1, Term::Positive(s1))] => self.format_external(
                &External::FromDependencyOf((*p1).clone(), s1.clone(), (*p2).clone(), s2.clone()),
            ),
            many => {
                let parts: Vec<String> = many
                    .iter()
                    .map(|(p, t)| match t {
                        Term::Positive(s) => format!("{p}{}", self.versions(p, s)),
                        Term::Negative(s) => format!("{p} outside{}", self.versions(p, s)),
                    })
                    .collect();
                format!("{} cannot be installed together", parts.join(", "))
            }
        }
    }

    fn explain_both_external(&self, e1: &Ext, e2: &Ext, current: &Terms) -> String {
        format!(
            "Because {} and {}, {}.",
            self.format_external(e1),
            self.format_external(e2),
            self.format_terms(current)
        )
    }

    fn explain_both_ref(
        &self,
        id1: usize,
        d1: &Derived<Package, VersionSet, Unusable>,
        id2: usize,
        d2: &Derived<Package, VersionSet, Unusable>,
        current: &Terms,
    ) -> String {
        format!(
            "Because {} ({id1}) and {} ({id2}), {}.",
            self.format_terms(&d1.terms),
            self.format_terms(&d2.terms),
            self.format_terms(current)
        )
    }

    fn explain_ref_and_external(
        &self,
        id: usize,
        d: &Derived<Package, VersionSet, Unusable>,
        e: &Ext,
        current: &Terms,
    ) -> String {
        format!(
            "Because {} ({id}) and {}, {}.",
            self.format_terms(&d.terms),
            self.format_external(e),
            self.format_terms(current)
        )
    }

    fn and_explain_external(&self, e: &Ext, current: &Terms) -> String {
        format!(
            "And because {}, {}.",
            self.format_external(e),
            self.format_terms(current)
        )
    }

    fn and_explain_ref(
        &self,
        id: usize,
        d: &Derived<Package, VersionSet, Unusable>,
        current: &Terms,
    ) -> String {
        format!(
            "And because {} ({id}), {}.",
            self.format_terms(&d.terms),
            self.format_terms(current)
        )
    }

    fn and_explain_prior_and_external(&self, prior: &Ext, e: &Ext, current: &Terms) -> String {
        format!(
            "And because {} and {}, {}.",
            self.format_external(prior),
            self.format_external(e),
            self.format_terms(current)
        )
    }
}

fn externals<'t>(tree: &'t DerivationTree<Package, VersionSet, Unusable>, out: &mut Vec<&'t Ext>) {
    match tree {
        DerivationTree::External(e) => out.push(e),
        DerivationTree::Derived(d) => {
            externals(&d.cause1, out);
            externals(&d.cause2, out);
        }
    }
}

fn explain(
    tree: &DerivationTree<Package, VersionSet, Unusable>,
    provider: &Provider<'_>,
) -> ResolveError {
    let mut listed = HashMap::new();
    for p in tree.packages() {
        if let Package::Plugin(n) = p {
            if let Ok(lines) = provider.lines(n) {
                let mut versions: Vec<Version> = lines.iter().map(|l| l.vers.clone()).collect();
                versions.sort();
                listed.insert(n.clone(), versions);
            }
        }
    }
    let explainer = Explainer {
        host: provider.host.as_ref(),
        listed,
    };
    let explanation = DefaultStringReporter::report_with_formatter(tree, &explainer);
    let mut found = Vec::new();
    externals(tree, &mut found);
    let mut roots: Vec<String> = Vec::new();
    let mut host_involved = false;
    let mut yanked = false;
    let mut refusals: Vec<super::policy::Refusal> = Vec::new();
    for e in found {
        match e {
            External::FromDependencyOf(Package::Root, _, Package::Plugin(n), _) => {
                let n = format!("`{n}`");
                if !roots.contains(&n) {
                    roots.push(n);
                }
            }
            External::FromDependencyOf(_, _, Package::Host(_), _)
            | External::NoVersions(Package::Host(_), _) => host_involved = true,
            External::Custom(_, _, Unusable::Yanked) => yanked = true,
            External::Custom(_, _, Unusable::Policy(r)) if !refusals.contains(r) => {
                refusals.push((**r).clone());
            }
            _ => {}
        }
    }
    let mut hints = Vec::new();
    if !roots.is_empty() {
        hints.push(format!(
            "change the requirement on {} in plugins.toml",
            roots.join(", ")
        ));
    }
    if host_involved {
        hints.push(
            "if the host itself was upgraded, update `[project] host` in plugins.toml".to_string(),
        );
    }
    if yanked {
        hints.push(
            "yanked versions are installed only when plugins.lock already pins them".to_string(),
        );
    }
    if !refusals.is_empty() {
        refusals.sort();
        let mut lifts: Vec<String> = refusals
            .iter()
            .map(|r| format!("`{}` {}: {}", r.plugin, r.version, r.lift))
            .collect();
        lifts.dedup();
        lifts.extend(hints);
        return ResolveError::Refused {
            explanation,
            hint: lifts.join("\n"),
            refusals,
        };
    }
    if hints.is_empty() {
        hints.push("change the requirements named above".to_string());
    }
    ResolveError::NoSolution {
        explanation,
        hint: hints.join("\n"),
    }
}
