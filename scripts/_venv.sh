# Sourced by scripts/example and scripts/test: make .venv, install a requirements file into it,
# then aibou itself in editable mode (so `.venv/bin/aibou` runs this checkout's code).
# Re-installs only when the requirements or pyproject.toml change, so the second run starts at once.
# PYTHON picks the interpreter (default python3; Python 3.11 or newer).
ensure_venv() {
    local requirements="$1" python="${PYTHON:-python3}" stamp
    if [ ! -x .venv/bin/python ]; then
        "$python" -m venv .venv
    fi
    stamp=".venv/.installed-$(basename "$requirements")-$(cat requirements*.txt pyproject.toml | cksum | cut -d' ' -f1)"
    if [ ! -e "$stamp" ]; then
        .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
        .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
        touch "$stamp"
    fi
}
