"""Exceptions raised by quyche's core.

They carry facts (path, line, column, what was expected), never prose: the CLI turns each
class into one Vietnamese line (quyche/cli/messages.py), so wording lives in one place and the
core never prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class QuycheError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(
        self,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        **facts: Any,
    ) -> None:
        super().__init__(path, line, column, facts)
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.facts: dict[str, Any] = facts

    def __str__(self) -> str:  # for logs and tests; users see the CLI's message
        where = ":".join(str(x) for x in (self.path, self.line, self.column) if x is not None)
        facts = ", ".join(f"{k}={v!r}" for k, v in self.facts.items())
        return f"{type(self).__name__}({where}{'; ' if where and facts else ''}{facts})"


# --- input that cannot be read -----------------------------------------------------------
class InputError(QuycheError):
    """The input cannot be read as a regulation."""


class FileMissing(InputError):
    """The path does not exist."""


class NotAFile(InputError):
    """The path is a folder or a special file."""


class NotUtf8(InputError):
    """The bytes are not UTF-8 (facts: offset, guess = 'tcvn3' | 'vni' | 'utf16' | None)."""


class Unreadable(InputError):
    """The file exists but the system refuses to read it (facts: problem)."""


class BinaryFile(InputError):
    """The file holds NUL bytes or is a known binary format (facts: kind)."""


class EmptyFile(InputError):
    """The file has no text."""


class TooLarge(InputError):
    """The file is larger than quyche reads (facts: size, limit)."""


class TooDeep(InputError):
    """Lists nested deeper than quyche follows (facts: depth, limit)."""


class LimitExceeded(InputError):
    """The input goes over one of quyche's named limits (facts: what, value, limit, name)."""


class YamlSyntax(InputError):
    """The front matter is not valid YAML (facts: problem)."""


class FrontMatterNotMapping(InputError):
    """The front matter is YAML but not a key: value mapping."""


class FrontMatterMultiline(InputError):
    """A one-line front-matter value holds a line break (facts: key)."""


class FrontMatterUnclosed(InputError):
    """The front matter opens with --- and never closes."""


class NotARegulation(InputError):
    """The text has no article (Điều) at all."""


class UnreadArticles(NotARegulation):
    """Lines look like articles ("Điều 1", "**Điều 1\\.**") yet none could be read as one (facts: text)."""


class RegulationNotChosen(InputError):
    """The repository holds several regulations and none was named (facts: candidates)."""


class NoRegulationRoot(InputError):
    """No path was given and no quyche.yaml or git repository surrounds the working folder."""


class NoRegulationFound(InputError):
    """No regulation file could be found at a revision (facts: revision)."""


class MappingFileError(InputError):
    """A `--map` or `--reasons` file is not what it should be (facts: key, problem)."""


class MapFileTooNew(InputError):
    """The renumber map was written by a newer quyche (facts: version)."""


class ConfigError(InputError):
    """quyche.yaml is wrong (facts: key, problem)."""


class UnresolvedConflict(InputError):
    """The text still holds merge-conflict markers left by `template update` (facts: count)."""


class UnsafePath(InputError):
    """A path leaves the folder it must stay in (facts: root)."""


class Unwritable(QuycheError):
    """A file cannot be written; the old one is left as it was (facts: problem)."""


class DanglingLink(QuycheError):
    """The path is a symlink to nothing: quyche neither follows nor replaces it (facts: target)."""


class OutputIsDevice(QuycheError):
    """The output path is a device, a pipe or a socket, not a regular file (facts: kind)."""


class FormatUnstable(QuycheError):
    """`fmt` would change the document's meaning or not settle (facts: problem =
    'equivalence' | 'stability'). A quyche bug: the file is left untouched."""


class OutputExists(QuycheError):
    """Refusing to overwrite a file or a non-empty folder without --force."""


class OutputIsFolder(QuycheError):
    """A file was to be written where a folder is (even --force does not replace a folder)."""


class OutputIsFile(QuycheError):
    """A folder was to be made where a file is (even --force does not replace a file)."""


# --- git -------------------------------------------------------------------------------------
class GitError(QuycheError):
    """git failed (facts: command, stderr)."""


class NotARepository(GitError):
    """The folder is not inside a git repository."""


class RevisionError(GitError):
    """A revision does not exist (facts: revision)."""


class FileNotAtRevision(GitError):
    """The file does not exist at that revision (facts: revision)."""


class ShallowHistory(GitError):
    """The clone is shallow: the history `verify` must read is cut off."""


class SigningError(GitError):
    """git could not sign (facts: stderr, key_set: whether git has a user.signingkey)."""


class GitIdentityMissing(GitError):
    """git has no user.name / user.email to write a commit (facts: stderr)."""


# --- templates -----------------------------------------------------------------------------
class TemplateError(QuycheError):
    """A template is missing or broken (facts: name, problem)."""


class UnsafeTemplate(TemplateError):
    """A template tried to leave its sandbox (facts: problem)."""


class AnswerError(TemplateError):
    """An answer to a template variable is missing or invalid (facts: name, problem)."""


# --- revision rounds ---------------------------------------------------------------------
class WorkflowError(QuycheError):
    """A revision-round step cannot be recorded (facts: reason and details)."""


class RepositoryBusy(WorkflowError):
    """Another quyche command holds the repository's lock (facts: lock)."""


class NoRound(WorkflowError):
    """No round is open (facts: round_id when a named one was not found)."""


class RoundOpen(WorkflowError):
    """A round is still open, so another cannot start (facts: round_id, next_step)."""


class RoundExists(WorkflowError):
    """The round folder or id already exists (facts: round_id)."""


class BadRoundId(WorkflowError):
    """A round id with characters a folder name or trailer cannot hold (facts: round_id)."""


class UnknownStep(WorkflowError):
    """The step is not in the procedure (facts: step, known)."""


class StepRepeated(WorkflowError):
    """The step was already recorded in this round (facts: step, commit)."""


class StepOutOfOrder(WorkflowError):
    """The step comes before the last recorded one (facts: step, last)."""


class StepSkipped(WorkflowError):
    """Mandatory steps before this one are not recorded (facts: step, missing)."""


class RequirementMissing(WorkflowError):
    """A requirement of the step is not met (facts: step, requirement, detail)."""


class UnrelatedChanges(WorkflowError):
    """Uncommitted changes outside the regulation and the round folder (facts: paths)."""


class RegulationChangeNotAllowed(WorkflowError):
    """The regulation changed in a step that may not change it (facts: step, paths, scope)."""


class SigningRequired(WorkflowError):
    """--no-sign while the procedure requires signatures (facts: step)."""


class SignerNotAllowed(WorkflowError):
    """The configured signing key may not sign this step (facts: step, principal, allowed)."""


class BadStepDate(WorkflowError):
    """The meeting date is malformed, in the future or before the previous step (facts: value, problem, previous)."""


class TagExists(WorkflowError):
    """The issue tag already exists (facts: tag)."""


class SignersError(InputError):
    """`quyche signers` cannot do what was asked (facts: problem, value)."""


class RoundFileError(InputError):
    """A round's round.yaml is not a key: value mapping (facts: none)."""


class CommentFileError(InputError):
    """A comment file is malformed (facts: problem, value)."""


# --- import --------------------------------------------------------------------------------
class ImportFormatError(InputError):
    """A file cannot be imported (facts: kind = 'doc' | 'corrupt' | 'encrypted' | 'unknown' | 'encoding')."""


# --- build -----------------------------------------------------------------------------------
class ToolMissing(QuycheError):
    """An external program quyche needs is not installed (facts: tool)."""


class ConversionFailed(QuycheError):
    """An external converter ran and failed (facts: tool, stderr)."""


# --- consultation through Word -------------------------------------------------------------
class OpinionFileError(InputError):
    """An opinion file cannot be read as answers to this round's draft (facts: problem, value)."""


class DraftMismatch(WorkflowError):
    """An opinion file was made from another draft than the round's current one (facts: commit, current)."""
