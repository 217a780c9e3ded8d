#include "itk/git.hpp"

#include "itk/error.hpp"
#include "itk/json_reader.hpp"
#include "itk/merge.hpp"
#include "itk/run_command.hpp"
#include "itk/text.hpp"
#include "itk/ticket_file.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <unistd.h>

namespace itk {

namespace {

std::string chomp(std::string s)
{
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
        s.pop_back();
    }
    return s;
}

// The executable `name` would run as, looked up in PATH as a shell does; empty when none.
fs::path find_in_path(const std::string& name)
{
    if (name.find('/') != std::string::npos) {
        return ::access(name.c_str(), X_OK) == 0 ? fs::path(name) : fs::path();
    }
    const char* path = std::getenv("PATH");
    const std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = dirs.find(':', start);
        const std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
        std::error_code ec;
        if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate, ec)) {
            return candidate;
        }
        if (end == std::string::npos) {
            return {};
        }
        start = end + 1;
    }
}

// The program of a driver command line: its first word, unquoted as sh would for '…' and "…".
std::string driver_program(const std::string& command)
{
    std::string word;
    char quote = 0;
    for (const char c : command) {
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else {
                word += c;
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == ' ' || c == '\t') {
            if (!word.empty()) {
                break;
            }
        } else {
            word += c;
        }
    }
    return word;
}

// The work tree holding `root`, found by its .git (a directory, or a file in a worktree or
// submodule) without running git; empty when none.
fs::path work_tree_of(const fs::path& root)
{
    std::error_code ec;
    for (fs::path p = root;; p = p.parent_path()) {
        if (fs::exists(p / ".git", ec)) {
            return p;
        }
        if (p == p.root_path() || p.parent_path() == p) {
            return {};
        }
    }
}

// Whether a line of a .gitattributes gives `merge=itk` (a comment never does).
bool line_names_itk(std::string_view line)
{
    std::size_t pos = line.find_first_not_of(" \t");
    if (pos == std::string_view::npos || line[pos] == '#') {
        return false;
    }
    pos = line.find_first_of(" \t", pos); // past the pattern
    while (pos != std::string_view::npos) {
        const std::size_t start = line.find_first_not_of(" \t\r", pos);
        if (start == std::string_view::npos) {
            return false;
        }
        pos = line.find_first_of(" \t\r", start);
        if (line.substr(start, pos == std::string_view::npos ? pos : pos - start) == "merge=itk") {
            return true;
        }
    }
    return false;
}

// Whether a .gitattributes between the store and its work tree's top names itk's driver.
bool attributes_name_itk(const fs::path& root, const fs::path& top)
{
    for (fs::path p = root;; p = p.parent_path()) {
        try {
            const std::string text = read_regular_file(p / ".gitattributes", std::size_t{1} << 20);
            for (const std::string_view line : trimmed_lines(text)) {
                if (line_names_itk(line)) {
                    return true;
                }
            }
        } catch (const Error&) {
            // no such file, or not a regular one: git would not read it either
        }
        if (p == top || p.parent_path() == p) {
            return false;
        }
    }
}

// merge.itk.driver read from the config files git reads (system, global, the clone's) without
// running git: a change of a ticket pays no process for the check. Nothing when it is not
// found plainly there (includes, quoting, GIT_CONFIG_* overrides, a worktree): ask git then.
std::optional<std::string> driver_from_config_files(const fs::path& top)
{
    for (const char* var :
         {"GIT_DIR", "GIT_CONFIG", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_COUNT", "GIT_CONFIG_PARAMETERS"}) {
        if (std::getenv(var) != nullptr) {
            return std::nullopt;
        }
    }
    std::error_code ec;
    if (!fs::is_directory(top / ".git", ec)) {
        return std::nullopt;
    }
    std::vector<fs::path> files;
    if (std::getenv("GIT_CONFIG_NOSYSTEM") == nullptr) {
        files.emplace_back("/etc/gitconfig");
    }
    const char* home = std::getenv("HOME");
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    if (xdg != nullptr && *xdg != '\0') {
        files.push_back(fs::path(xdg) / "git" / "config");
    } else if (home != nullptr) {
        files.push_back(fs::path(home) / ".config" / "git" / "config");
    }
    if (home != nullptr) {
        files.push_back(fs::path(home) / ".gitconfig");
    }
    files.push_back(top / ".git" / "config");
    std::optional<std::string> driver;
    for (const fs::path& f : files) {
        std::string text;
        try {
            text = read_regular_file(f, std::size_t{1} << 20);
        } catch (const Error&) {
            continue; // absent: git skips it too
        }
        bool in_itk = false;
        for (const std::string_view trimmed : trimmed_lines(text)) {
            const std::string line(trimmed);
            if (line.empty() || line[0] == '#' || line[0] == ';') {
                continue;
            }
            if (line[0] == '[') {
                const std::string header = to_lower(line);
                in_itk = line == "[merge \"itk\"]";
                if (header.rfind("[include", 0) == 0 || (header.rfind("[merge", 0) == 0 && !in_itk &&
                                                          header.find("itk") != std::string::npos)) {
                    return std::nullopt; // includes, [merge.itk], [Merge "itk"] x = y: let git read it
                }
                continue;
            }
            const std::size_t eq = line.find('=');
            if (!in_itk || eq == std::string::npos) {
                continue;
            }
            std::string key = line.substr(0, eq);
            key.erase(key.find_last_not_of(" \t") + 1);
            if (to_lower(key) != "driver") {
                continue;
            }
            const std::string value = line.substr(line.find_first_not_of(" \t", eq + 1) == std::string::npos
                                                      ? line.size()
                                                      : line.find_first_not_of(" \t", eq + 1));
            if (value.find_first_of("\"\\#;") != std::string::npos) {
                return std::nullopt; // git's quoting and comments: let git read it
            }
            driver = value;
        }
    }
    return driver;
}

std::string git_dir_of(const fs::path& root)
{
    return chomp(run_git_command(root, {"rev-parse", "--absolute-git-dir"}).out);
}

// What is in progress in the repository that a commit would break into; empty when nothing.
std::string operation_in_progress(const fs::path& git_dir)
{
    static const std::pair<const char*, const char*> k_states[] = {
        {"MERGE_HEAD", "a merge"},         {"rebase-merge", "a rebase"},  {"rebase-apply", "a rebase"},
        {"CHERRY_PICK_HEAD", "a cherry-pick"}, {"REVERT_HEAD", "a revert"},
    };
    std::error_code ec;
    for (const auto& [file, what] : k_states) {
        if (fs::exists(git_dir / file, ec)) {
            return what;
        }
    }
    return {};
}

// One entry of `git ls-files -s -z` or `-u -z`: "MODE SHA STAGE\tPATH".
struct IndexEntry {
    std::string mode, sha, path;
    int stage = 0;
};

std::vector<IndexEntry> index_entries(const fs::path& root, const std::vector<std::string>& flags,
                                      const std::vector<std::string>& paths)
{
    std::vector<std::string> args = {"ls-files", "-z"};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back("--");
    args.insert(args.end(), paths.begin(), paths.end());
    const ChildResult r = run_git_command(root, args);
    if (r.status == 128) {
        fail_usage("'" + root.string() + "' is not in a git work tree: there is no index to read (git: " + r.says() + ")");
    }
    if (!r.ok()) {
        fail_io("read git's index (git ls-files: " + r.says() + ") in", root.string(), EIO);
    }
    std::vector<IndexEntry> out;
    std::size_t start = 0;
    while (start < r.out.size()) {
        std::size_t end = r.out.find('\0', start);
        if (end == std::string::npos) {
            end = r.out.size();
        }
        const std::string record = r.out.substr(start, end - start);
        start = end + 1;
        const std::size_t tab = record.find('\t');
        const std::size_t sp1 = record.find(' ');
        const std::size_t sp2 = sp1 == std::string::npos ? sp1 : record.find(' ', sp1 + 1);
        if (tab == std::string::npos || sp2 == std::string::npos || sp2 > tab) {
            continue;
        }
        out.push_back(IndexEntry{record.substr(0, sp1), record.substr(sp1 + 1, sp2 - sp1 - 1), record.substr(tab + 1),
                                 std::atoi(record.substr(sp2 + 1, tab - sp2 - 1).c_str())});
    }
    return out;
}

// One blob read from git's object store.
struct Blob {
    std::string text;
    std::string issue; ///< why there is no text: missing, too big, not a blob
};

// The header lines git cat-file prints for each object: "<sha> <type> <size>" or "<sha> missing".
struct BlobHeader {
    std::string sha, type;
    std::size_t size = 0;
};

std::optional<BlobHeader> parse_blob_header(const std::string& out, std::size_t& pos)
{
    const std::size_t nl = out.find('\n', pos);
    if (nl == std::string::npos) {
        return std::nullopt;
    }
    const std::string header = out.substr(pos, nl - pos);
    pos = nl + 1;
    BlobHeader h;
    const std::size_t sp1 = header.find(' ');
    const std::size_t sp2 = sp1 == std::string::npos ? sp1 : header.find(' ', sp1 + 1);
    h.sha = header.substr(0, sp1);
    h.type = sp1 == std::string::npos ? std::string() : header.substr(sp1 + 1, sp2 == std::string::npos ? sp2 : sp2 - sp1 - 1);
    h.size = sp2 == std::string::npos ? 0 : std::strtoull(header.c_str() + sp2 + 1, nullptr, 10);
    return h;
}

// The blobs `shas` name, each at most k_max_ticket_bytes, the way git's own tools read
// many objects: one `cat-file --batch-check` for their sizes, then one `--batch` for the
// contents of those that may be read (a stranger's commit may hold a blob of gigabytes).
std::map<std::string, Blob> read_blobs(const fs::path& root, const std::vector<std::string>& shas)
{
    std::map<std::string, Blob> blobs;
    if (shas.empty()) {
        return blobs;
    }
    std::string input;
    for (const std::string& sha : shas) {
        input += sha + "\n";
    }
    const ChildResult check = run_git_command(root, {"cat-file", "--batch-check"}, input);
    if (!check.ok()) {
        fail_io("read objects from git (git cat-file: " + check.says() + ") in", root.string(), EIO);
    }
    input.clear();
    for (std::size_t pos = 0; const auto h = parse_blob_header(check.out, pos);) {
        Blob& b = blobs[h->sha];
        if (h->type == "missing") {
            b.issue = "its blob " + h->sha + " is missing from git's object store";
        } else if (h->type != "blob") {
            b.issue = "object " + h->sha + " is a " + h->type + ", not a file's bytes";
        } else if (h->size > k_max_ticket_bytes) {
            b.issue = "its blob " + h->sha + " is " + std::to_string(h->size) + " bytes, over the limit of " +
                      std::to_string(k_max_ticket_bytes) + " for a ticket";
        } else {
            b.issue = "its blob " + h->sha + " cannot be read"; // until the --batch below does
            input += h->sha + "\n";
        }
    }
    if (input.empty()) {
        return blobs;
    }
    const ChildResult r = run_git_command(root, {"cat-file", "--batch"}, input);
    if (!r.ok()) {
        fail_io("read blobs from git (git cat-file: " + r.says() + ") in", root.string(), EIO);
    }
    for (std::size_t pos = 0; const auto h = parse_blob_header(r.out, pos);) {
        if (h->type != "blob" || pos + h->size > r.out.size()) {
            break;
        }
        Blob& b = blobs[h->sha];
        b.text.assign(r.out, pos, h->size);
        b.issue.clear();
        pos += h->size + 1;
    }
    return blobs;
}

bool is_ticket_path(const std::string& relative)
{
    const fs::path p(relative);
    return p.parent_path() == "tickets" && p.extension() == ".json" && p.stem().string().find('.') != 0;
}

// A PATH argument of git-resolve as a path relative to the store root, or a usage error.
std::string ticket_path_arg(const fs::path& root, const std::string& arg)
{
    const fs::path rel = fs::absolute(arg).lexically_normal().lexically_relative(root);
    if (!is_ticket_path(rel.string())) {
        fail_usage("'" + arg + "' is not a ticket file of the store at '" + root.string() + "' (tickets/<ID>.json)");
    }
    return rel.string();
}

// `git config [SCOPE] merge.itk.{name,driver}`; an I/O error with git's own word when it fails.
void set_driver_config(const fs::path& dir, const std::vector<std::string>& scope, const std::string& driver,
                       const std::string& where)
{
    for (const auto& [key, value] : {std::pair<std::string, std::string>{"merge.itk.name", "itk ticket merge (event by event)"},
                                     {"merge.itk.driver", driver}}) {
        std::vector<std::string> args = {"config"};
        args.insert(args.end(), scope.begin(), scope.end());
        args.push_back(key);
        args.push_back(value);
        if (const ChildResult r = run_git_command(dir, args); !r.ok()) {
            fail_io("set " + key + " (git config: " + r.says() + ") in", where, EIO);
        }
    }
}

// `git ARGS --pathspec-from-file=- --pathspec-file-nul`, `paths` on its stdin: never on
// argv, as an import of 100,000 tickets or the resolution of a big merge is far past the
// kernel's limits on a command line (git 2.25 or later).
ChildResult run_git_with_paths(const fs::path& root, std::vector<std::string> args, const std::vector<std::string>& paths)
{
    std::string pathspec;
    for (const std::string& p : paths) {
        pathspec += p + '\0';
    }
    args.push_back("--pathspec-from-file=-");
    args.push_back("--pathspec-file-nul");
    return run_git_command(root, args, pathspec);
}

// A file of .itk/ removed when the scope ends, whatever happens.
class RemovedAtExit {
public:
    RemovedAtExit(Dir dir, std::string name) : m_dir(std::move(dir)), m_name(std::move(name)) {}
    ~RemovedAtExit()
    {
        try {
            m_dir.remove(m_name);
        } catch (const Error&) {
            // already gone, or .itk replaced meanwhile: nothing of ours to remove
        }
    }
    RemovedAtExit(const RemovedAtExit&) = delete;
    RemovedAtExit& operator=(const RemovedAtExit&) = delete;
    fs::path path() const { return m_dir / m_name; }

private:
    Dir m_dir;
    std::string m_name;
};

} // namespace

int run_git(const fs::path& dir, const std::vector<std::string>& args, std::string* output)
{
    ChildResult r = run_git_command(dir, args);
    if (output != nullptr) {
        *output = std::move(r.out);
    }
    return r.status;
}

std::string driver_command(const fs::path& itk_binary)
{
    std::error_code ec;
    const fs::path on_path = find_in_path("itk");
    if (!on_path.empty() && fs::equivalent(on_path, itk_binary, ec)) {
        return "itk merge-file %O %A %B";
    }
    const std::string binary = fs::absolute(itk_binary).lexically_normal().string();
    if (binary.find('\'') != std::string::npos) {
        fail_usage("cannot register a merge driver from a path holding a quote: '" + binary + "'");
    }
    return "'" + binary + "' merge-file %O %A %B";
}

std::vector<std::string> git_setup(const fs::path& root, const fs::path& itk_binary, std::vector<std::string>& warnings)
{
    std::vector<std::string> said;
    std::string inside;
    if (run_git(root, {"rev-parse", "--is-inside-work-tree"}, &inside) != 0 || inside.rfind("true", 0) != 0) {
        fail_usage("'" + root.string() + "' is not in a git work tree; run 'git init' there first (or 'itk init --git')");
    }
    const Dir dir = Dir::open_root(root);
    const StagingDir tmp(dir.make(".itk").make("tmp"));
    const std::string line = "tickets/*.json merge=itk";
    if (append_once(dir, ".gitattributes", line,
                    "# itk merges concurrent changes of a ticket event by event (itk git-setup)\n" + line + "\n", tmp)) {
        said.push_back("added '" + line + "' to .gitattributes");
    }
    if (append_once(dir, ".gitignore", ".itk/", "# itk's local state: locks and temporary files\n.itk/\n", tmp)) {
        said.push_back("added '.itk/' to .gitignore");
    }
    const std::string driver = driver_command(itk_binary);
    set_driver_config(root, {}, driver, root.string());
    said.push_back("merge.itk.driver = " + driver +
                   " (in this clone's .git/config; 'itk git-setup --global' sets it once for every clone)");
    std::string attr;
    run_git(root, {"check-attr", "merge", "--", "tickets/INC-X.json"}, &attr);
    attr = chomp(attr);
    const std::string value = attr.substr(attr.rfind(": ") == std::string::npos ? 0 : attr.rfind(": ") + 2);
    if (value != "itk") {
        warnings.push_back("another git attribute overrides itk's merge for tickets/*.json (merge: " + value +
                           "; 'union' or 'binary' in a .gitattributes or info/attributes): concurrent changes will "
                           "not be merged event by event; remove it");
    }
    return said;
}

std::vector<std::string> git_setup_global(const fs::path& itk_binary)
{
    const std::string driver = driver_command(itk_binary);
    const fs::path cwd = fs::current_path();
    set_driver_config(cwd, {"--global"}, driver, "the global git config (git config --global)");
    std::vector<std::string> said = {"merge.itk.driver = " + driver + " in your global git config: every clone on this "
                                     "machine merges tickets event by event"};
    if (driver.front() == '\'') {
        said.push_back("the driver names this binary by its path, as 'itk' on PATH is another one (or none): run "
                       "'itk git-setup --global' again after moving or upgrading it");
    }
    return said;
}

std::optional<std::string> missing_driver_warning(const fs::path& root)
{
    const fs::path top = work_tree_of(root);
    if (top.empty() || !attributes_name_itk(root, top)) {
        return std::nullopt;
    }
    std::string driver;
    if (const std::optional<std::string> plain = driver_from_config_files(top)) {
        driver = *plain;
    } else {
        const ChildResult r = run_git_command(root, {"config", "--get", "merge.itk.driver"});
        if (r.status < 0 || r.status > 1) {
            return std::nullopt; // no git, or not a repository after all: nothing to say
        }
        driver = chomp(r.out);
    }
    if (driver.empty()) {
        return "this clone has no merge driver for tickets (git does not carry it in a clone): concurrent changes "
               "will conflict; run 'itk git-setup --global' once on this machine (or 'itk git-setup' here)";
    }
    const std::string program = driver_program(driver);
    if (find_in_path(program).empty()) {
        return "merge.itk.driver runs '" + program + "', which is not found (moved or upgraded?): git will keep one "
               "side of a concurrent change; run 'itk git-setup --global' (or 'itk git-setup' here)";
    }
    return std::nullopt;
}

namespace {

// A file not conflicted in the index: fine when it holds a ticket; else someone "resolved"
// it by hand into invalid data, and the conflict must be redone.
void check_unconflicted(const fs::path& root, const std::string& path, ResolveReport& report)
{
    try {
        parse_ticket(read_regular_file(root / path, k_max_ticket_bytes), path);
        report.said.push_back(path + ": not conflicted, nothing to do");
    } catch (const Error& e) {
        report.errors.push_back(std::string(e.what()) + "; it is not conflicted in git's index any more: run 'git checkout -m " +
                                path + "' to redo the conflict (during the merge), then 'itk git-resolve " + path + "'");
    }
}

// Merges one conflicted file from its stages (1 base, 2 ours, 3 theirs; a side without its
// stage deleted the file) and writes the result under the ticket's lock; the caller stages it.
std::string resolve_one(Store& store, const std::string& path, const std::map<int, std::string>& stages,
                        const std::map<std::string, Blob>& blobs)
{
    std::string version[4];
    for (const auto& [stage, sha] : stages) {
        const auto b = blobs.find(sha);
        if (b == blobs.end() || !b->second.issue.empty()) {
            fail_invalid(path + ": stage " + std::to_string(stage) + " of the conflict: " +
                         (b == blobs.end() ? "its blob " + sha + " cannot be read" : b->second.issue));
        }
        version[stage & 3] = b->second.text;
    }
    const std::string id = fs::path(path).stem().string();
    const std::optional<std::string> merged =
        merge_texts(version[1], version[2], version[3], MergeNames{path + " (base)", path + " (ours)", path + " (theirs)"});
    if (!merged || parse_ticket(*merged, path).id != id) {
        fail_invalid(path + ": the conflicted versions do not hold ticket '" + id + "'; resolve it by hand");
    }
    store.with_ticket_lock(id, [&] { write_atomic(store.make_dir("tickets"), id + ".json", *merged, store.temp()); });
    const bool one_sided = stages.count(2) == 0 || stages.count(3) == 0;
    return path + ": merged event by event and staged" +
           (one_sided ? std::string(" (deleted on one side, changed on the other: kept; 'git rm' it to delete)")
                      : std::string());
}

} // namespace

ResolveReport git_resolve(Store& store, const std::vector<std::string>& paths)
{
    const fs::path& root = store.root();
    std::vector<std::string> wanted;
    for (const std::string& arg : paths) {
        wanted.push_back(ticket_path_arg(root, arg));
    }
    std::map<std::string, std::map<int, std::string>> conflicted; // path -> stage -> sha
    for (const IndexEntry& e : index_entries(root, {"-u"}, wanted.empty() ? std::vector<std::string>{"tickets"} : wanted)) {
        if (is_ticket_path(e.path) && e.stage >= 1 && e.stage <= 3) {
            conflicted[e.path][e.stage] = e.sha;
        }
    }
    ResolveReport report;
    for (const std::string& path : wanted) {
        if (conflicted.count(path) == 0) {
            check_unconflicted(root, path, report);
        }
    }
    std::vector<std::string> shas;
    for (const auto& [path, stages] : conflicted) {
        for (const auto& [stage, sha] : stages) {
            shas.push_back(sha);
        }
    }
    const std::map<std::string, Blob> blobs = read_blobs(root, shas);
    std::vector<std::string> merged, lines;
    for (const auto& [path, stages] : conflicted) {
        try { // one file that cannot be merged leaves the others resolved
            lines.push_back(resolve_one(store, path, stages, blobs));
            merged.push_back(path);
        } catch (const Error& e) {
            report.errors.emplace_back(e.what());
        }
    }
    if (!merged.empty()) { // one `git add` for all: thousands of files after a big merge
        if (const ChildResult add = run_git_with_paths(root, {"add"}, merged); !add.ok()) {
            report.errors.push_back("merged " + std::to_string(merged.size()) + " file(s) but could not stage them (git add: " +
                                    add.says() + "); 'git add' them once git can, then go on");
        } else {
            report.said.insert(report.said.end(), lines.begin(), lines.end());
        }
    }
    if (wanted.empty() && conflicted.empty()) {
        report.said.push_back("no conflicted ticket file");
    }
    return report;
}

std::vector<StagedFile> staged_tickets(const fs::path& root)
{
    std::vector<StagedFile> files;
    std::vector<std::string> shas; // of each file, "" when it has an issue
    std::map<std::string, std::size_t> at;
    const std::string unmerged = "unmerged in git's index; run 'itk git-resolve ";
    for (const IndexEntry& e : index_entries(root, {"-s"}, {"tickets"})) {
        if (!is_ticket_path(e.path)) {
            continue;
        }
        if (const auto seen = at.find(e.path); seen != at.end()) { // stages 2 and 3 of a conflict
            continue;
        }
        at[e.path] = files.size();
        StagedFile f{e.path, "", ""};
        if (e.stage != 0) {
            f.issue = unmerged + e.path + "'";
        } else if (e.mode != "100644" && e.mode != "100755") {
            f.issue = "staged as a " + std::string(e.mode == "120000" ? "symbolic link" : "non-regular file") +
                      " (mode " + e.mode + "); a ticket is a regular file";
        }
        shas.push_back(f.issue.empty() ? e.sha : std::string());
        files.push_back(std::move(f));
    }
    std::vector<std::string> wanted;
    for (const std::string& sha : shas) {
        if (!sha.empty()) {
            wanted.push_back(sha);
        }
    }
    const std::map<std::string, Blob> blobs = read_blobs(root, wanted);
    for (std::size_t k = 0; k < files.size(); ++k) {
        if (shas[k].empty()) {
            continue;
        }
        if (const auto b = blobs.find(shas[k]); b == blobs.end()) {
            files[k].issue = "its staged blob " + shas[k] + " cannot be read";
        } else if (!b->second.issue.empty()) {
            files[k].issue = "staged: " + b->second.issue;
        } else {
            files[k].text = b->second.text; // a blob two staged files share is kept for both
        }
    }
    return files;
}

namespace {

// The subject and body of the commit of what `store` wrote.
std::pair<std::string, std::string> commit_message(const Store& store, const std::string& actor)
{
    const auto actions_of = [](const Written& w) {
        std::string actions;
        for (const std::string& a : w.actions) {
            if ((", " + actions + ",").find(", " + a + ",") == std::string::npos) {
                actions += (actions.empty() ? "" : ", ") + a;
            }
        }
        return actions;
    };
    const std::vector<Written>& written = store.written();
    if (written.empty()) {
        return {"itk: " + (store.written_files().empty() ? std::string("change") : store.written_files().front()) +
                    " (" + actor + ")",
                ""};
    }
    // The last ticket written is the one the command named (children are written first).
    const std::string subject = written.back().id + ": " + actions_of(written.back()) + " (" + actor + ")";
    std::string body;
    for (std::size_t k = 0; k + 1 < written.size(); ++k) {
        body += written[k].id + ": " + actions_of(written[k]) + "\n";
    }
    return {subject, body};
}

} // namespace

std::optional<std::string> autocommit(Store& store, const std::string& actor)
{
    if (store.written().empty() && store.written_files().empty()) {
        store.release_commit_lock();
        return std::nullopt;
    }
    std::vector<std::string> paths;
    for (const Written& w : store.written()) {
        const std::string p = "tickets/" + w.id + ".json";
        if (std::find(paths.begin(), paths.end(), p) == paths.end()) {
            paths.push_back(p);
        }
    }
    for (const std::string& f : store.written_files()) {
        paths.push_back(f);
    }
    const std::string git_dir = git_dir_of(store.root());
    if (const std::string busy = git_dir.empty() ? std::string() : operation_in_progress(git_dir); !busy.empty()) {
        store.release_commit_lock();
        // Nor staged: `git merge --abort` resets the index, and would take the change with it.
        return busy + " is in progress in this clone: the change is written to the work tree but not committed; "
                      "commit it once git is done ('git add " + paths.front() + "')";
    }
    const auto [subject, body] = commit_message(store, actor);
    const std::string failed = "autocommit failed in '" + store.root().string() + "' (";
    const std::string what_now = "): the change is written but not committed; fix that, then 'git add " + paths.front() +
                                 "' and commit it";
    // The message through a file (git's stdin carries the paths), never fsynced: it lives
    // for the commit only, and a failure to write it is a warning like git's own.
    std::optional<RemovedAtExit> message;
    try {
        const Dir state = store.make_dir(".itk");
        const std::string name = "commit-message." + std::to_string(::getpid());
        replace_unsynced(state, name, subject + (body.empty() ? "\n" : "\n\n" + body), store.temp());
        message.emplace(state, name);
    } catch (const Error& e) {
        store.release_commit_lock();
        return failed + e.what() + what_now;
    }
    const std::vector<std::string> commit = {"commit", "-q", "--no-verify", "-F", message->path().string()};
    // Other itk processes wait on the commit lock; a git command of the user may hold git's
    // index lock for a moment: try again while it does, and only then.
    ChildResult r;
    for (int attempt = 0; attempt < 100; ++attempt) {
        r = run_git_with_paths(store.root(), {"add"}, paths);
        if (r.ok()) {
            r = run_git_with_paths(store.root(), commit, paths);
        }
        std::error_code ec;
        if (r.ok() || git_dir.empty() || !fs::exists(fs::path(git_dir) / "index.lock", ec)) {
            break;
        }
        ::usleep(50'000);
    }
    message.reset();
    store.release_commit_lock();
    if (r.ok()) {
        return std::nullopt;
    }
    return failed + "git: " + r.says() + what_now;
}

} // namespace itk
