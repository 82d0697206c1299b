# The R peer of the benchmark: one year's exports read with read.csv (and readxl for the
# workbooks), scored in base R, estimated with the survey package (Lumley): a design
# stratified by agency with the finite-population correction, svymean for the whole population
# and svyby by agency for the index and the seven values.
#
# Usage: Rscript benchmarks/peer.R <work dir> <year> <units lookup csv>
# The lookup (normalised agency name -> code) is written by benchmarks/run.py from the
# generated units.yaml, outside the timing. Prints one line per phase:
#   peer <tab> <phase> <tab> <seconds> ; and peer <tab> index <tab> <estimate> <tab> <se>
# This is a development tool for `make bench`, not part of the pipeline.

args <- commandArgs(trailingOnly = TRUE)
work <- args[1]
year <- args[2]
lookup_file <- args[3]
suppressPackageStartupMessages(library(survey))
values <- c("BP", "AK", "KO", "HA", "LO", "AD", "KL")
items <- as.vector(t(outer(values, 1:3, paste0)))
# Wall and CPU seconds (user + system) so far.
clock <- function() {
  t <- proc.time()
  c(t[["elapsed"]], t[["user.self"]] + t[["sys.self"]])
}
report <- function(phase, seconds) {
  cat("peer\t", phase, "\t", sprintf("%.3f", seconds[1]), "\t", sprintf("%.3f", seconds[2]),
      "\n", sep = "")
}

normalise <- function(x) trimws(gsub("[^0-9a-z]+", " ", tolower(x)))
# Export header -> field: the aliases the three kinds of export use.
field_of <- function(header) {
  norm <- normalise(header)
  code <- toupper(sub("^([a-z]{2}) ?([0-9]).*$", "\\1\\2", norm))
  out <- ifelse(code %in% items, code, NA_character_)
  out[norm == "nip"] <- "nip"
  out[norm %in% c("unit kerja", "opd", "perangkat daerah")] <- "unit"
  out[norm %in% c("jenis kelamin", "jk")] <- "jenis_kelamin"
  out[norm %in% c("status kepegawaian", "status asn")] <- "status_kepegawaian"
  out
}

read_export <- function(path) {
  if (grepl("\\.xlsx$", path)) {
    if (!requireNamespace("readxl", quietly = TRUE)) stop("readxl is needed for ", path)
    table <- as.data.frame(readxl::read_excel(path, skip = 1, col_types = "text"))
    table[is.na(table)] <- ""  # blank cells, as read.csv gives them
  } else {
    first <- readLines(path, n = 1, warn = FALSE)
    semicolon <- lengths(regmatches(first, gregexpr(";", first))) >
      lengths(regmatches(first, gregexpr(",", first)))
    table <- read.csv(path, sep = if (semicolon) ";" else ",", colClasses = "character",
                      check.names = FALSE, na.strings = character(0),
                      fileEncoding = if (semicolon) "CP1252" else "UTF-8-BOM")
  }
  fields <- field_of(names(table))
  keep <- !is.na(fields)
  table <- table[keep]
  names(table) <- fields[keep]
  table
}

# ---------------------------------------------------------------- read
t0 <- clock()
folder <- file.path(work, "data", "raw", year)
files <- list.files(folder, pattern = "^survei.*\\.(csv|xlsx)$", full.names = TRUE)
columns <- c("nip", "unit", "jenis_kelamin", "status_kepegawaian", items)
raw <- do.call(rbind, lapply(files, function(f) read_export(f)[columns]))
frame <- read.csv(file.path(folder, "populasi-sintetis.csv"), colClasses = c(jumlah = "numeric"))
lookup <- read.csv(lookup_file, colClasses = "character")
t1 <- clock()
report("read", t1 - t0)

# ---------------------------------------------------------------- clean and score
labels <- c("sangat tidak setuju" = 1, "sts" = 1, "tidak setuju" = 2, "ts" = 2, "netral" = 3,
            "n" = 3, "ragu ragu" = 3, "rr" = 3, "setuju" = 4, "s" = 4, "sangat setuju" = 5,
            "ss" = 5)
answers <- sapply(items, function(i) {
  text <- normalise(raw[[i]])
  code <- unname(labels[text])
  number <- suppressWarnings(as.numeric(text))
  ifelse(is.na(code), number, code)
})
blank <- sapply(items, function(i) normalise(raw[[i]]) == "")
invalid <- (!blank & (is.na(answers) | !(answers %in% 1:5)))
nip <- gsub("[ .'`-]", "", raw$nip)
suffix <- " (ri|republik indonesia)$"
unit <- lookup$code[match(sub(suffix, "", normalise(raw$unit)), lookup$key)]
ok <- grepl("^[0-9]{18}$", nip) & !is.na(unit) & rowSums(invalid) == 0
ok[ok] <- !duplicated(nip[ok], fromLast = TRUE)  # the latest submission (files are in time order)
points <- (answers[ok, , drop = FALSE] - 1) / 4 * 100
data <- data.frame(unit = unit[ok])
for (v in values) {
  block <- points[, paste0(v, 1:3), drop = FALSE]
  answered <- rowSums(!is.na(block))
  data[[v]] <- ifelse(answered >= 2, rowMeans(block, na.rm = TRUE), NA)
}
data$index <- rowMeans(data[values])
data <- data[rowSums(!is.na(answers[ok, , drop = FALSE])) >= 14, ]  # incomplete left out
headcount <- tapply(frame$jumlah, frame$unit, sum)
data$N_h <- as.numeric(headcount[data$unit])
data$w <- data$N_h / as.numeric(table(data$unit)[data$unit])
t2 <- clock()
report("score", t2 - t1)

# ---------------------------------------------------------------- estimate
design <- svydesign(ids = ~1, strata = ~unit, fpc = ~N_h, weights = ~w, data = data)
formula <- as.formula(paste("~", paste(c("index", values), collapse = " + ")))
overall <- svymean(formula, design, na.rm = TRUE)
by_unit <- svyby(formula, ~unit, design, svymean, na.rm = TRUE)
t3 <- clock()
report("estimate", t3 - t2)
report("total", t3 - t0)
cat("peer\trows\t", nrow(raw), "\n", sep = "")
cat("peer\trespondents\t", nrow(data), "\n", sep = "")
cat("peer\tagencies\t", nrow(by_unit), "\n", sep = "")
cat("peer\tindex\t", sprintf("%.4f", coef(overall)[["index"]]), "\t",
    sprintf("%.4f", SE(overall)[["index"]]), "\n", sep = "")
