#!/bin/sh
# Rebuilds the precision corpus: each repository of repos.tsv at its commit, whole (so every
# Dockerfile's folder is its real build context), under OUT/<owner>+<name>/. The repositories
# must have been fetched first as bare git directories under MIRROR_ROOT/<owner>+<name>/repo.
# Their files are measured, never committed. `*.template` files (the jq/sed templates the
# generated Dockerfiles come from) are removed: they are not Dockerfiles.
#
# Usage: sh scripts/precision/corpus.sh OUT [MIRROR_ROOT]   (default /work/.mirror)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: corpus.sh OUT [MIRROR_ROOT]}
mirror_root=${2:-/work/.mirror}
rm -rf "$out"
mkdir -p "$out"
tail -n +2 "$here/repos.tsv" | while IFS="$(printf '\t')" read -r repo commit _branch _count; do
	slug=$(echo "$repo" | tr / +)
	gitdir="$mirror_root/$slug/repo"
	git --git-dir="$gitdir" cat-file -e "$commit^{commit}" || { echo "missing $repo@$commit" >&2; exit 1; }
	mkdir -p "$out/$slug"
	git --git-dir="$gitdir" archive "$commit" | tar -x -C "$out/$slug"
done
find "$out" -name '*.template' -type f -delete
find "$out" -type f \( -name 'Dockerfile*' -o -name '*.Dockerfile' -o -name 'Containerfile*' \) | wc -l
