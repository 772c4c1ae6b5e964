#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The layering rule (docs/architecture.md): a layer never includes a header
# of a layer above it. From the bottom: model/ (the simulator core),
# engine/ (replicates and sweeps, designs, statistics, memory check), io/
# (scenario and sweep files, results files, the sweep journal), analysis/
# (sensitivity, patterns, calibration, figures), cli/ (the command). Each
# '#include "x.h"' of a file in one of these folders is looked up in the
# five; a header found in a higher layer is an error. Headers found in none
# (generated ones such as vol_gitinfo.h) are not judged.
set -u
src=${1:-.}
cd "$src" || exit 1
rank() {
    case $1 in model) echo 0 ;; engine) echo 1 ;; io) echo 2 ;; analysis) echo 3 ;; cli) echo 4 ;; esac
}
bad=0
for layer in model engine io analysis cli; do
    mine=$(rank $layer)
    for f in "$layer"/*.c "$layer"/*.h; do
        [ -f "$f" ] || continue
        for h in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
            for other in model engine io analysis cli; do
                if [ -f "$other/$h" ]; then
                    if [ "$(rank $other)" -gt "$mine" ]; then
                        echo "layering: $f ($layer) includes $other/$h, a layer above it" >&2
                        bad=$((bad + 1))
                    fi
                    break
                fi
            done
        done
    done
done
# The core depends on GSL and Random123 only (CMake's VOLSIM_CORE_ONLY
# builds it so): no model file includes a header of the other libraries.
for f in model/*.c model/*.h; do
    for h in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\([^>]*\)>.*/\1/p' "$f"); do
        case $h in
            hdf5*|H5*|libconfig*|omp.h|mpi.h|plplot*|jansson*|microhttpd*)
                echo "layering: $f (model) includes <$h>: the core depends on GSL and Random123 only" >&2
                bad=$((bad + 1)) ;;
        esac
    done
done
[ "$bad" = 0 ] || { echo "$bad include(s) against the layering" >&2; exit 1; }
echo "layers: model < engine < io < analysis < cli, no include upwards"
