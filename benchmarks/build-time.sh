#!/usr/bin/env bash
# What the generator adds to a build: a project of N simple kernels (default 200) built in Release from scratch, with
# the generator as its analyzer and without it (the same source: the [Kernel] methods are plain C# then), in turns,
# RUNS times each (default 3). Prints every time and the median difference. The referenced runtime is built once first
# and not rebuilt, so only the project's own compilation is timed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
kernels=${KERNELS:-200}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# KEEP=1 leaves the projects in place (their folder is printed), e.g. to look at a build with -p:ReportAnalyzer=true.
if [ "${KEEP:-}" = 1 ]; then trap - EXIT; echo "projects in $work"; fi

dotnet build -c Release runtime/KernelGen.csproj -f net10.0 > /dev/null

write_project() { # name, analyzer reference (or empty)
  mkdir -p "$work/$1"
  cat > "$work/$1/$1.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/runtime/KernelGen.csproj" />
    $2
  </ItemGroup>
</Project>
PROJECT
  {
    echo "using KernelGen;"
    echo "using static KernelGen.Ops;"
    echo "namespace BuildTime;"
    echo "public static partial class Kernels"
    echo "{"
    # Five simple shapes, in turn: a softmax, a cross-entropy, a squared error, a log-sum-exp, a linear layer's loss.
    for ((k = 0; k < kernels; k++)); do
      case $((k % 5)) in
        0) echo "    [Kernel] public static Vec K$k(Vec x) => Exp(x) / Sum(Exp(x));" ;;
        1) echo "    [Kernel] public static float K$k(Vec z, int y) => CrossEntropy(z, y);" ;;
        2) echo "    [Kernel] public static float K$k(Vec p, Vec t) => Mean(Square(p - t));" ;;
        3) echo "    [Kernel] public static float K$k(Vec x, float t) => Log(Sum(Exp(x * t))) / t;" ;;
        4) echo "    [Kernel] public static float K$k(Vec x, Mat w, [Shared] Vec b, int y) => CrossEntropy(w * x + b, y);" ;;
      esac
    done
    echo "}"
  } > "$work/$1/Kernels.cs"
  dotnet restore "$work/$1" > /dev/null
}

write_project WithGenerator "<ProjectReference Include=\"$repo/generator/KernelGen.Generator.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />"
write_project WithoutGenerator ""

build() { # project; prints seconds
  local start end
  start=$(date +%s.%N)
  dotnet build "$work/$1" -c Release --no-restore --no-incremental -p:BuildProjectReferences=false > "$work/$1.log" 2>&1 || { cat "$work/$1.log"; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }' 
}

build WithGenerator > /dev/null   # warm-up: the build server and the analyzer load
with=(); without=()
for ((r = 0; r < runs; r++)); do
  with+=("$(build WithGenerator)")
  without+=("$(build WithoutGenerator)")
  echo "run $((r + 1)): with the generator ${with[-1]} s, without ${without[-1]} s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
m_with=$(median "${with[@]}"); m_without=$(median "${without[@]}")
echo "$kernels kernels: median $m_with s with the generator, $m_without s without, difference $(awk -v a="$m_with" -v b="$m_without" 'BEGIN { printf "%.2f", a - b }') s"
