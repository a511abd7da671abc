// What staff and managers read, in their language. Every such text is a
// Msg, written once per language: schema/messages_vi.cc (the default) and
// schema/messages_en.cc (--lang en, or LANG=en_*). A text's {1}, {2} ...
// take the arguments of Text() in order. Technical details (a library's own
// message) are never translated: they follow the explanation, as such.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "schema/status.h"

namespace sohoa {

enum class Language { kVietnamese, kEnglish };

// The language of Text(): the environment's (LanguageFromEnvironment) until
// the program sets one, once at start, before any thread runs.
void SetLanguage(Language language);
Language CurrentLanguage();
// "vi", "en", "vi_VN.UTF-8", "en_US.UTF-8", ... ; nullopt for anything else.
std::optional<Language> ParseLanguage(std::string_view name);
// From SOHOA_LANG (vi or en: for a server whose locale says nothing of its
// users, and for scripts), then LC_ALL, LC_MESSAGES and LANG, as POSIX
// orders them: English for an English locale, Vietnamese for every other
// (C and POSIX included).
Language LanguageFromEnvironment();

enum class Msg {
  // The command line.
  kUnknownCommand,
  kDidYouMean,
  kCommandsAre,
  kSeeHelp,
  kNoHome,
  kHomeCreated,
  kHomeExists,
  kSettingsUnknownSection,
  kSettingsUnknownKey,
  kSettingsNotAString,
  kCatalogUrlUnknown,
  kBlobsUrlUnknown,
  kUnquotedFilter,
  kProblem,
  kNeedsSubcommand,
  kUsageProblem,
  // search
  kSearchNone,
  kSearchNoMore,
  kSearchDossierTotal,
  kSearchShowing,
  kSearchMore,
  kSearchMatchingPages,
  kSearchOnDossier,
  kSearchWhere,
  // ingest
  kIngestSummary,
  kIngestAlreadyArchived,
  kIngestResumed,
  kIngestSetAside,
  kIngestSkipped,
  kIngestStopped,
  kBookSummary,
  // watch
  kWatchWatching,
  kWatchResuming,
  kWatchTook,
  kWatchArchived,
  kWatchArchivedResumed,
  kWatchAlreadyArchived,
  kWatchBook,
  kWatchSetAside,
  kWatchWaiting,
  kWatchStopSoon,
  kWatchStopNow,
  kWatchNothingLost,
  kWatchDone,
  // watch --queue, worker, status, jobs (the job queue, archive/jobs.h)
  kWatchQueued,
  kWatchAlreadyQueued,
  kWatchQueueWatching,
  kWatchQueueWaiting,
  kWatchQueueDone,
  kWorkerStarted,
  kWorkerClaimed,
  kWorkerArchived,
  kWorkerAlreadyArchived,
  kWorkerBook,
  kWorkerSetAside,
  kWorkerDone,
  kWorkerRetrying,
  kWorkerFailed,
  kWorkerLost,
  kWorkerWaiting,
  kWorkerStopSoon,
  kWorkerStopNow,
  kWorkerSummary,
  kStatusTotals,
  kStatusEmpty,
  kStatusLeased,
  kStatusLeaseLine,
  kStatusLeaseRanOut,
  kStatusFailed,
  kStatusFailedLine,
  kStatusDonePerHour,
  kStatusPerProvince,
  kStatusProvinceUnknown,
  kStatusProvinceHeader,
  kJobsRetried,
  kJobsReleased,
  kJobsNone,
  kJobsLine,
  // failed/ notes
  kNoteTitleFile,
  kNoteTitleEntry,
  kNoteFile,
  kNoteWhat,
  kNoteCopy,
  kNoteCopyExact,
  kNoteWhen,
  kNoteReason,
  kNoteDetail,
  kNoteOriginalStays,
  kNoteTakenOut,
  // why a file was set aside, by kind of failure
  kReasonCorrupt,
  kReasonUnsupported,
  kReasonInvalid,
  kReasonNotFound,
  kReasonIo,
  kReasonOther,
  kReasonNoPages,
  kReasonNoSuchFile,
  kReasonNotAFile,
  kReasonTooDeep,
  kReasonCrashed,
  kEntrySymlink,
  kEntrySymlinkTo,
  kEntryFifo,
  kEntrySocket,
  kEntryBlockDevice,
  kEntryCharDevice,
  kEntryOther,
  kReasonStalled,
  // show
  kShowDossier,
  kShowProcedure,
  kShowUnclassified,
  kShowField,
  kShowAgency,
  kShowReceived,
  kShowApplicant,
  kShowDocument,
  kShowPage,
  // review
  kReviewNothing,
  kReviewCount,
  kReviewSet,
  // common mistakes the archive layer reports
  kNoDossier,
  kNoFile,
  kNoBook,
  // verify and log
  kVerifyOk,
  kVerifyFailed,
  kVerifySummary,
  kVerifyRemoved,
  kVerifyCatalogOk,
  kCompactProgress,
  kCompactDone,
  kCompactNothing,
  kVerifyCatalogProblems,
  kVerifyWhatToDo,
  kVerifyRepairHint,
  kFixityMissing,
  kFixityChanged,
  kFixityUnreadable,
  kFixityUnreferenced,
  kFixityLeftover,
  kFixityRemoved,
  kFixityCatalog,
  kLogNone,
  // register, reuse, agencies, book lists
  kRegisterSummary,
  kRegisterUndated,
  kBadRows,
  kBadRow,
  kReuseRecorded,
  kReuseAComponent,
  kAgenciesSummary,
  kAgenciesNone,
  kBooksSummary,
  kBooksNone,
  kRecordsNone,
  kRecordsNoneInBook,
  kRecordsCount,
  kBookRead,
  kBookNotRead,
  kBookSlots,
  kBookPageNoRows,
  kBacklogTitle,
  kRetentionDue,
  // export, import, get
  kExportWhich,
  kExportNone,
  kExported,
  kBagInvalid,
  kBagValid,
  kBagImported,
  kBagAlreadyHere,
  kBagWouldStay,
  kGetWrote,
  // retention and procedures
  kRetentionSet,
  kRetentionNothingDeleted,
  kRetentionDeleted,
  kProceduresImported,
  kReportWrote,
  // users
  kUserPasswordHow,
  kUserPasswordPrompt,
  kUserRoles,
  kUserAdded,
  kUserNoAgency,
  kUserNoPassword,
  kUserSeesNothing,
  kUserNone,
  kUserDisabledMark,
  kUserDisabled,
  kUserPasswordSet,
  kUserTokenOnce,
  kUserBadName,
  kUserPasswordShort,
  kUserExists,
  kUserUnknown,
  kUserWrongLogin,
  kUserIsDisabled,
  kUserBadAgency,
  // dates and the rows of imported CSV files
  kDateNotInCalendar,
  kDateNotADate,
  kDateNotADayRow,
  kCsvUnclosedQuote,
  kCsvHeaderLacks,
  kCsvNothing,
  kCsvColumns,
  kCsvNotUtf8,
  kCsvBadFlag,
  kCsvEmpty,
  kCsvSpace,
  kCsvNoAgency,
  kCsvNotAgencyNoCode,
  kCsvNotAgency,
  kCsvBookType,
  kCsvEntries,
  kCsvYear,
  kCsvCodeGroups,
  kCsvCodeGroup,
  kCsvThreeDigits,
  kCsvTwoDigits,
  kCsvLetterTwoDigits,
  kCsvCodeNotAgency,
  kCsvCodeEmpty,
  kCsvCodeEmptyNamed,
  kCsvNameEmpty,
  kCsvDuplicate,
  kCsvNoHeader,
  kCsvRegister,
  kCsvBookList,
  kCsvAgencyList,
  // sohoa serve: the HTTP API's errors and hints, and the command's own lines.
  kApiUnauthenticated,
  kApiUnauthenticatedHint,
  kApiLoginFailed,
  kApiLoginFailedHint,
  kApiForbidden,
  kApiForbiddenHint,
  kApiCsrf,
  kApiCsrfHint,
  kApiNotFound,
  kApiNotFoundHint,
  kApiTooLarge,
  kApiTooLargeHint,
  kApiRateLimited,
  kApiRateLimitedHint,
  kApiBadQuery,
  kApiBadQueryHint,
  kApiBadRequest,
  kApiBadRequestHint,
  kApiInternal,
  kApiInternalHint,
  kApiUnavailable,
  kApiUnavailableHint,
  kApiUploadName,
  kApiUploadEmpty,
  kApiUploadDuplicate,
  kApiUploadNothing,
  kApiLengthRequired,
  kApiLengthRequiredHint,
  kServeListening,
  kServeNotLoopback,
  kServeAuditPublic,
  kServeBadListen,
  kServeCannotListen,
  kServeStopped,
  // The keying workbench's API (tools/server/api_keying.cc).
  kKeyingHasIssues,
  kKeyingHasIssuesHint,
  kKeyingNotYours,
  kKeyingNotYoursHint,
  kKeyingAlreadyDone,
  kKeyingAlreadyDoneHint,
  kKeyingAllDone,
  kKeyingNothingAssigned,
  kKeyingNoSuchClerk,
  kKeyingClerkOutOfScope,
  kApiUploadBookId,
  kApiUploadBookFolders,
  kRecordsCsvDone,
  kRecordsCsvNeedsBook,
  kAssignDone,
  kAssignRemoved,
  kAssignBadPages,
  kModeDouble,
  kModeSingle,
  // Keying register book entries (schema/civil_record.h): {1} is the field's
  // label, {2} the value as keyed.
  kKeyRequired,
  kKeyDateShape,
  kKeyDatePartial,
  kKeyDateNotReal,
  kKeyDateFuture,
  kKeyDateAfter,
  kKeyYearOutsideBook,
  kKeyNumberNotNumber,
  kKeyNumberSequence,
  kKeyNumberRepeated,
  kKeySex,
  kKeyNameCharacters,
  kKeyNameSyllable,
  kKeyIllegible,
  // sohoa migrate: the catalog moved from SQLite into PostgreSQL (archive/migrate.h).
  kMigrateNotPostgres,
  kMigrateHomeElsewhere,
  kMigrateTargetTaken,
  kMigrateOtherSource,
  kMigrateNothingYet,
  kMigrateNoPlace,
  kMigrateNoSource,
  kMigrateCopying,
  kMigrateIndexing,
  kMigrateComparing,
  kMigrateStopped,
  kMigrateColumnTable,
  kMigrateColumnChecksum,
  kMigrateSame,
  kMigrateDiffer,
  kMigrateVerified,
  kMigrateDiffers,
  kMigrateSwitched,
  kMigrateFallback,
  kMigrateVerifyOnly,
  kMigrateStillChosen,
  kMigrateNothingAsked,
  kMigrateBlobsCopying,
  kMigrateBlobsReading,
  kMigrateBlobsStopped,
  kMigrateBlobsProblem,
  kMigrateBlobsNotSwitched,
  kMigrateBlobsVerified,
  kMigrateBlobsSwitched,
  kCount  // not a message: the number of them
};

// The text of `id` in the current language, {n} replaced by args[n-1].
std::string Text(Msg id, std::initializer_list<std::string_view> args = {});
// The same in a given language.
std::string TextIn(Language language, Msg id, std::initializer_list<std::string_view> args = {});

// What staff are told about a file sohoa could not take, by what went wrong:
// the explanation and what to do in the current language, then the
// library's or decoder's own message as a technical detail. An explanation
// the message already gives in the current language is not repeated.
std::string ForStaff(const Status& status);

// One catalog: the text of each Msg in one language, in any order.
struct MessageEntry {
  Msg id;
  const char* text;
};
struct MessageCatalog {
  const MessageEntry* entries;
  std::size_t size;
};
MessageCatalog VietnameseMessages();  // messages_vi.cc
MessageCatalog EnglishMessages();     // messages_en.cc

}  // namespace sohoa
