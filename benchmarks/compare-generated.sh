#!/usr/bin/env bash
# The generated code of two revisions, measured side by side in one BenchmarkDotNet run: the check that a change to
# the generator's back end makes no catalog kernel slower. The code measured is the checked-in snapshots of five
# catalog kernels (Softmax, LogSoftmax, CrossEntropy, LinearCrossEntropy, LogSumExpWithTemperature), both revisions'
# compiled into one temporary project against the current runtime, with the benchmarks in benchmarks/compare-generated/.
#
#   benchmarks/compare-generated.sh [--base REF] [--head REF] [--smoke | --interleaved [--rounds N]] [-- ARGS...]
#
#   --base REF   the revision whose generated code is the baseline (default HEAD~1)
#   --head REF   the revision compared with it (default: the snapshot files as they are in the working tree)
#   --smoke      one iteration per case, all in one process: a check that everything builds and runs, not a measurement
#   --interleaved  instead of BenchmarkDotNet, every case in one process with Base and Head alternating, the figure
#                the median of the rounds' Head / Base: on a noisy machine it moves far less between runs
#   --rounds N   rounds per case with --interleaved (default 31)
#   -- ARGS      passed to BenchmarkDotNet, e.g. -- --filter '*Softmax*' (the script sets --artifacts itself); with
#                --interleaved, one word: only the cases whose name contains it, e.g. -- Softmax.ForwardBatch
#
# It prints BenchmarkDotNet's tables, then one table of Base's mean, Head's mean and Head / Base for every case.
# With --interleaved it prints one table: the medians per call, the median ratio and the middle half of the ratios.
# Environment: KEEP=1 leaves the temporary project in place (its folder is printed); TMPDIR is where it goes.
set -euo pipefail

script=benchmarks/compare-generated.sh
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
usage_error() { echo "$script: $1" >&2; echo >&2; usage >&2; exit 2; }
die() { echo "$script: $*" >&2; exit 1; }
say() { printf '\n== %s\n' "$*" >&2; }

base=HEAD~1
head=
smoke=0
interleaved=0
rounds=31
extra=()
while (($#)); do
  case $1 in
    --base) [[ $# -ge 2 && -n $2 && $2 != -* ]] || usage_error "--base needs a revision"; base=$2; shift ;;
    --head) [[ $# -ge 2 && -n $2 && $2 != -* ]] || usage_error "--head needs a revision"; head=$2; shift ;;
    --smoke) smoke=1 ;;
    --interleaved) interleaved=1 ;;
    --rounds) [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || usage_error "--rounds needs a positive whole number"; rounds=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) usage_error "unknown argument '$1'" ;;
  esac
  shift
done

((smoke && interleaved)) && usage_error "--smoke and --interleaved do not go together"

command -v git > /dev/null || die "git is not on PATH"
command -v dotnet > /dev/null || die "dotnet is not on PATH (the .NET SDK builds and runs the benchmarks)"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
sources=$here/compare-generated
runtime=$repo/runtime/KernelGen.csproj
snapshots=tests/KernelGen.Tests/Generation/Snapshots
kernels=(Softmax LogSoftmax CrossEntropy LinearCrossEntropy LogSumExpWithTemperature)

git -C "$repo" rev-parse --is-inside-work-tree > /dev/null 2>&1 || die "$repo is not a git work tree"
[[ -f $runtime ]] || die "no runtime project at $runtime"
[[ -f $sources/CompareGenerated.csproj.template ]] || die "no benchmark sources in $sources"

commit_of() { git -C "$repo" rev-parse --verify --quiet "$1^{commit}" || die "'$1' is not a commit of $repo"; }
label_of() { # ref, commit: the ref as given, and the commit when the ref does not already say it
  local short
  short=$(git -C "$repo" rev-parse --short "$2")
  if [[ $2 == "$1"* ]]; then echo "$1"; else echo "$1 ($short)"; fi
}
base_commit=$(commit_of "$base")
base_label=$(label_of "$base" "$base_commit")
if [[ -n $head ]]; then
  head_commit=$(commit_of "$head")
  head_label=$(label_of "$head" "$head_commit")
else
  head_commit=
  head_label="the working tree"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kernelgen-compare.XXXXXX")
if [[ ${KEEP:-} == 1 ]]; then
  echo "$script: the temporary project is $work (KEEP=1: it stays)" >&2
else
  trap 'rm -rf "$work"' EXIT
fi

# One revision's snapshot of one kernel, moved to a namespace of its own so that both revisions compile side by side.
copy_snapshot() { # kernel, side (Base or Head), commit (empty: the working tree), label
  local path=$snapshots/CatalogKernels.$1.verified.cs
  local target=$work/$2/CatalogKernels.$1.cs
  if [[ -z $3 ]]; then
    [[ -f $repo/$path ]] || die "no snapshot $path in the working tree"
    cat "$repo/$path"
  else
    git -C "$repo" cat-file -e "$3:$path" 2> /dev/null || die "no snapshot $path in $4"
    git -C "$repo" show "$3:$path"
  # The namespace, and the fully qualified references generated code makes to its own class (global::KernelGen.Tests.Catalog.X).
  fi | sed -e "s/^namespace KernelGen\.Tests\.Catalog;\$/namespace Compare.$2;/" -e "s/global::KernelGen\.Tests\.Catalog\./global::Compare.$2./g" > "$target"
  grep -q "^namespace Compare\.$2;\$" "$target" ||
    die "$path in $4 does not declare 'namespace KernelGen.Tests.Catalog;': not the snapshot layout this script knows"
}

mkdir -p "$work/Base" "$work/Head"
for kernel in "${kernels[@]}"; do
  copy_snapshot "$kernel" Base "$base_commit" "$base_label"
  copy_snapshot "$kernel" Head "$head_commit" "$head_label"
done
cp "$sources"/*.cs "$work/"
template=$(< "$sources/CompareGenerated.csproj.template")
printf '%s\n' "${template//@RUNTIME_PROJECT@/"$runtime"}" > "$work/CompareGenerated.csproj"
# Stops MSBuild's search upwards: no Directory.Build.* of the temporary folder's parents applies to the project.
printf '<Project />\n' > "$work/Directory.Build.props"
printf '<Project />\n' > "$work/Directory.Build.targets"

say "building in Release: Base = $base_label, Head = $head_label, runtime = $runtime"
# No build server: nothing of the build stays running while the benchmarks measure.
if ! dotnet build "$work/CompareGenerated.csproj" -c Release -nologo -v:quiet --disable-build-servers > "$work/build.log" 2>&1; then
  errors=$(grep -E ': error [A-Z]+[0-9]+' "$work/build.log" | sed -E 's/ \[[^]]*\]$//' | sort -u || true)
  if [[ -n $errors ]]; then
    head -n 20 <<< "$errors" >&2
    count=$(wc -l <<< "$errors")
    if ((count > 20)); then echo "... $count errors in all (KEEP=1 keeps the project and its build.log)" >&2; fi
  else
    tail -n 40 "$work/build.log" >&2
  fi
  if grep -q "^$work/Base/" <<< "$errors"; then
    echo "$script: the generated code of $base_label does not compile against the current runtime ($runtime)." >&2
    echo "The comparison needs the runtime to keep every helper that revision's generated code calls." >&2
  fi
  if grep -q "^$work/Head/" <<< "$errors"; then
    echo "$script: the generated code of $head_label does not compile against the current runtime ($runtime)." >&2
  fi
  die "the comparison project did not build"
fi

if ((interleaved)); then
  say "Head / Base, interleaved in one process: Base = $base_label, Head = $head_label"
  dotnet "$work/bin/Release/net10.0/CompareGenerated.dll" --interleaved "$rounds" ${extra[@]+"${extra[@]}"}
  exit
fi

say "running BenchmarkDotNet$( ((smoke)) && echo ' (smoke: one iteration per case, not a measurement)')"
run_args=(--artifacts "$work/artifacts")
((smoke)) && run_args=(--smoke "${run_args[@]}")
run_status=0
# From the project's folder: BenchmarkDotNet looks for the project upwards from the current folder to build its runs.
(cd "$work" && dotnet bin/Release/net10.0/CompareGenerated.dll "${run_args[@]}" ${extra[@]+"${extra[@]}"}) || run_status=$?

say "Head / Base: Base = $base_label, Head = $head_label"
table_status=0
dotnet "$work/bin/Release/net10.0/CompareGenerated.dll" --ratios "$work/artifacts" || table_status=$?
if ((smoke)); then echo "(smoke run: one iteration per case; the numbers say nothing about speed)"; fi
if ((run_status != 0)); then echo "$script: BenchmarkDotNet reported failures (see its output above)" >&2; fi
if ((run_status != 0 || table_status != 0)); then exit 1; fi
