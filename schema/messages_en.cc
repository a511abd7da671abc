// The English catalog (--lang en, or an English LANG). One text per Msg;
// {1}, {2} ... are the arguments, in order (schema/messages.h).
#include <iterator>

#include "schema/messages.h"

namespace sohoa {
namespace {

constexpr MessageEntry kEnglish[] = {
    {Msg::kUnknownCommand, "'{1}' is not a sohoa command."},
    {Msg::kDidYouMean, "Did you mean 'sohoa {1}'?"},
    {Msg::kCommandsAre, "The commands are: {1}."},
    {Msg::kSeeHelp, "(sohoa --help lists them with what they do)"},
    {Msg::kNoHome, "no archive home at {1}: run 'sohoa init', or give --home DIR (or set SOHOA_HOME)"},
    {Msg::kHomeCreated, "Created the archive home {1}"},
    {Msg::kHomeExists, "The archive home {1} already exists; nothing changed"},
    {Msg::kUnquotedFilter,
     "hint: '{1}:{2} {3}' reads as the filter {1}:{2} and the word '{3}'. For the {1} '{4}', quote "
     "the value: '{1}:\"{4}\"'"},
    {Msg::kProblem, "sohoa: {1}"},
    {Msg::kSearchNone, "No dossier matches '{1}'."},
    {Msg::kSearchNoMore, "No more dossiers match '{1}'."},
    {Msg::kSearchDossierTotal, "{1} dossier(s) match"},
    {Msg::kSearchShowing, "; showing {1}-{2}"},
    {Msg::kSearchMore, "; more with --offset {1}"},
    {Msg::kSearchMatchingPages, "{1} matching page(s)"},
    {Msg::kSearchOnDossier, "the dossier itself"},
    {Msg::kSearchWhere, "doc {1} p.{2}"},
    {Msg::kIngestSummary, "Ingested {1} dossier(s), {2} document(s), {3} page(s) in {4} s ({5} pages/s)"},
    {Msg::kIngestAlreadyArchived, "Already archived, not stored again: {1} file(s)"},
    {Msg::kIngestResumed, "Stored by an earlier, interrupted run: {1} dossier(s); the rest of their files now too"},
    {Msg::kIngestSetAside, "Set aside: {1} file(s) (copies and reasons under failed/; originals untouched)"},
    {Msg::kIngestSkipped, "Skipped, not scans: {1} file(s) ({2})"},
    {Msg::kIngestStopped,
     "stopped; nothing was lost (the originals are untouched and what is stored stays): fix this and run "
     "the same command again, which goes on where this one stopped"},
    {Msg::kBookSummary, "Book {1}: {2} page(s), {3} entries ({4})"},
    {Msg::kWatchWatching,
     "Watching {1} (taken after {2} s unchanged, or at once with a .ready file); Ctrl-C stops after the "
     "entries in hand"},
    {Msg::kWatchResuming, "Resuming the entries a run that stopped had claimed: {1}"},
    {Msg::kWatchTook, "took {1}"},
    {Msg::kWatchArchived, "archived {1}: {2} ({3} page(s))"},
    {Msg::kWatchArchivedResumed, "archived {1}: {2} ({3} page(s); {4} dossier(s) stored before an interruption)"},
    {Msg::kWatchAlreadyArchived, "already archived {1}"},
    {Msg::kWatchBook, "book {1} from {2}: {3} page(s), {4} entries"},
    {Msg::kWatchSetAside, "set aside {1}: {2} (copy and note in failed/)"},
    {Msg::kWatchWaiting,
     "cannot archive now: {1}. Nothing is lost: the entries stay in work/ and are tried again in {2} s"},
    {Msg::kWatchStopSoon, "sohoa watch: stop requested; finishing the entry in hand (a second Ctrl-C stops at once)"},
    {Msg::kWatchStopNow, "sohoa watch: stopping now; unfinished entries stay in work/ for the next start"},
    {Msg::kWatchNothingLost, "nothing was lost: the entries stay in work/ for the next run"},
    {Msg::kWatchDone, "Done: {1} entries taken, {2} set aside"},
    {Msg::kNoteTitleFile, "sohoa could not take this file."},
    {Msg::kNoteTitleEntry, "sohoa could not take this entry."},
    {Msg::kNoteFile, "file:    {1}"},
    {Msg::kNoteWhat, "what:    {1}"},
    {Msg::kNoteCopy, "copy:    {1}"},
    {Msg::kNoteCopyExact, "copy:    {1}  (byte for byte what was dropped)"},
    {Msg::kNoteWhen, "when:    {1}"},
    {Msg::kNoteReason, "reason:  {1}"},
    {Msg::kNoteDetail, "(technical detail: {1})"},
    {Msg::kNoteOriginalStays, "The original was not changed. Fix it as the reason says and take it in again."},
    {Msg::kNoteTakenOut,
     "It has been taken out of the inbox; the copy here is what was dropped. Fix it as the reason says "
     "and drop it into the inbox again."},
    {Msg::kReasonCorrupt,
     "The file is damaged or incomplete. Open it on the scanning computer: if it shows correctly, save "
     "or print it to a new file; otherwise scan the paper again. Then drop the new file into the inbox."},
    {Msg::kReasonUnsupported,
     "sohoa cannot read this kind of file (it takes JPEG, PNG, TIFF and PDF scans). Save or scan it as "
     "one of those and drop it into the inbox."},
    {Msg::kReasonInvalid, "The file is not what sohoa expects here."},
    {Msg::kReasonNotFound, "The file disappeared before sohoa could read it: drop it into the inbox again."},
    {Msg::kReasonIo, "The file could not be read from the disk: check the disk, then drop it into the inbox again."},
    {Msg::kReasonOther, "sohoa could not take the file. Tell whoever looks after sohoa, with this note."},
    {Msg::kReasonNoPages, "The file holds no pages: scan the paper again and drop the new file into the inbox."},
    {Msg::kReasonNoSuchFile, "There is no such file or folder."},
    {Msg::kReasonNotAFile,
     "It is {1}: sohoa takes only files and folders, and never follows links. Copy the scan itself into "
     "the inbox."},
    {Msg::kReasonTooDeep,
     "Its folders are nested more than {1} deep: a dossier is a folder of scans, a batch a folder of such "
     "folders."},
    {Msg::kReasonCrashed,
     "Reading it stopped sohoa {1} time(s) (a crash or a hang); it is set aside so that the rest of the "
     "inbox goes on. Open it on the scanning computer; if it shows correctly, save or scan it again as a "
     "new file and drop that into the inbox."},
    {Msg::kReasonStalled,
     "sohoa was stopped {1} time(s) while working on it without getting any further; it is set aside so "
     "that the rest of the inbox goes on. Drop it into the inbox again when sohoa runs steadily."},
    {Msg::kEntrySymlink, "a symbolic link"},
    {Msg::kEntrySymlinkTo, "a symbolic link to {1}"},
    {Msg::kEntryFifo, "a named pipe (FIFO)"},
    {Msg::kEntrySocket, "a socket"},
    {Msg::kEntryBlockDevice, "a block device"},
    {Msg::kEntryCharDevice, "a character device"},
    {Msg::kEntryOther, "something that is neither a file nor a folder"},
    {Msg::kShowDossier, "Dossier"},
    {Msg::kShowProcedure, "Procedure"},
    {Msg::kShowUnclassified, "(unclassified)"},
    {Msg::kShowField, "Field"},
    {Msg::kShowAgency, "Agency"},
    {Msg::kShowReceived, "Received"},
    {Msg::kShowApplicant, "Applicant"},
    {Msg::kShowDocument, "{1} page(s)"},
    {Msg::kShowPage, "p.{1}  confidence {2}  turned {3}°  skew {4}°  {5} dpi"},
    {Msg::kReviewNothing, "Nothing needs review."},
    {Msg::kReviewCount, "{1} item(s) need review; correct one with: sohoa review set CODE FIELD=VALUE"},
    {Msg::kReviewSet, "{1}: {2} set to '{3}' by {4}"},
};

}  // namespace

MessageCatalog EnglishMessages() { return {kEnglish, std::size(kEnglish)}; }

}  // namespace sohoa
