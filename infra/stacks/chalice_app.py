"""`chalice.cdk.Chalice`, with the stage passed explicitly and a way to synthesize without the package index.

`chalice.cdk.Chalice` runs `chalice package` while the construct is built. That step downloads the
runtime dependencies (manylinux wheels) from the package index unless chalice's own cache in
`.chalice/deployments/` already holds a package for exactly this requirements.txt and code. Three ways
to build the package, chosen by context:

- default: `chalice package` in-process (needs the index for new requirements or new code). If the
  index cannot be reached it falls back to the offline package below, loudly.
- `-c chalice_package=DIR`: use the output of `chalice package --stage <stage> DIR`, built earlier
  (CI builds it once, with network, and synthesizes/deploys exactly that artifact).
- `-c offline=true`: package the app code without its dependencies. The template is complete and
  correct, but the code asset cannot run, so the construct records an error annotation:
  `cdk deploy` refuses such an assembly (`cdk synth --ignore-errors` to inspect it).

Whatever the mode, bytecode is then added to deployment.zip when this interpreter's version is the
functions' runtime: `chalice package` ships sources only and /var/task is read-only, so without it
Lambda compiles every module on every cold start (measured: `import app` ~1.0 s without .pyc,
~0.35 s with). The .pyc files use unchecked-hash invalidation (no mtime check) and fixed zip
timestamps, so the same input gives the same asset hash. `-c bytecode=false` turns this off.

The upstream construct derives the Chalice stage from `scope.to_string()` (the construct path);
here the stage is given explicitly so the stack can be named freely.
"""

from __future__ import annotations

import compileall
import json
import py_compile
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from chalice import api
from chalice.cdk import Chalice
from chalice.deploy.packager import NoSuchPackageError, PackageDownloadError
from constructs import Construct

from infra.config import ConfigError

LAMBDA_TASK_ROOT = "/var/task"
APP_FILES = ("app.py", "chalicelib", "vendor", ".chalice/config.json")
OFFLINE_ERROR = (
    "The Lambda code asset was packaged WITHOUT its dependencies ({reason}). This assembly is for "
    "inspection only; synthesize with access to the package index, or pass -c chalice_package=DIR "
    "(the output of `chalice package --stage {stage} DIR`), to deploy."
)


class PeerLearnChalice(Chalice):
    """The Chalice app of one stage, packaged by one of the three modes above."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        source_dir: str,
        stage: str,
        stage_config: dict[str, Any],
        prebuilt_dir: str | None = None,
        offline: bool = False,
        bytecode: bool = True,
    ) -> None:
        # Set before super().__init__, which packages the app through _package_app().
        self.peerlearn_stage = stage
        self.packaging_mode = "prebuilt" if prebuilt_dir else "offline" if offline else "chalice-package"
        self.offline_reason: str | None = "-c offline=true" if offline and not prebuilt_dir else None
        self._prebuilt_dir = prebuilt_dir
        self._bytecode = bytecode
        self.bytecode_added = 0
        self.missing_requirements = False
        super().__init__(scope, construct_id, source_dir=source_dir, stage_config=stage_config)
        if self.offline_reason:
            cdk.Annotations.of(self).add_error(
                OFFLINE_ERROR.format(reason=self.offline_reason, stage=self.peerlearn_stage)
            )
        if self.missing_requirements:
            cdk.Annotations.of(self).add_error(
                "There is no requirements.txt at the repository root: the Lambda package would lack the "
                "runtime dependencies (pynamodb, pydantic, ...)."
            )

    # -- packaging -------------------------------------------------------------------------------

    def _package_app(self) -> None:
        self._build_package()
        if self._bytecode:
            self.bytecode_added = self._add_bytecode()

    def _build_package(self) -> None:
        if self._prebuilt_dir:
            self._use_prebuilt(Path(self._prebuilt_dir))
            return
        if not self.offline_reason:
            if not Path(self.source_dir, "requirements.txt").is_file():
                self.missing_requirements = True
            try:
                # A clean copy (no __pycache__, tests or local files) in ./chalice.src, kept between
                # synths so chalice's dependency cache (.chalice/deployments) is keyed on real sources.
                self._package(self._stage_project(Path.cwd() / "chalice.src", with_requirements=True))
                return
            except (NoSuchPackageError, PackageDownloadError) as exc:
                self.packaging_mode = "offline"
                self.offline_reason = f"the package index was not reachable: {str(exc).strip()[:200]}"
                print(f"[infra] {self.offline_reason}; packaging the code without dependencies", file=sys.stderr)
        shutil.rmtree(self._sam_package_dir, ignore_errors=True)
        with tempfile.TemporaryDirectory(prefix="peerlearn-code-only-") as tmp:
            self._package(self._stage_project(Path(tmp), with_requirements=False))

    def _stage_project(self, target: Path, *, with_requirements: bool) -> str:
        """Copy what `chalice package` reads (app.py, chalicelib, vendor, config, requirements) to target."""
        target.mkdir(parents=True, exist_ok=True)
        for child in target.iterdir():
            if child.name == ".chalice":  # keeps chalice's dependency cache (.chalice/deployments)
                continue
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
        names = [*APP_FILES, "requirements.txt"] if with_requirements else list(APP_FILES)
        for name in names:
            src = Path(self.source_dir, name)
            dst = target / name
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            elif src.is_file():
                shutil.copy2(src, dst)
        return str(target)

    def _package(self, project_dir: str) -> None:
        added = project_dir not in sys.path
        try:
            api.package_app(
                project_dir=project_dir,
                output_dir=self._sam_package_dir,
                stage=self.peerlearn_stage,
                chalice_config=self.stage_config,
            )
        finally:
            if added and project_dir in sys.path:
                sys.path.remove(project_dir)  # chalice put it there to import app.py (already imported)

    def _use_prebuilt(self, prebuilt: Path) -> None:
        sam_path = prebuilt / "sam.json"
        if not sam_path.is_file() or not (prebuilt / "deployment.zip").is_file():
            raise ConfigError(f"{prebuilt} is not the output of `chalice package` (sam.json, deployment.zip)")
        template = json.loads(sam_path.read_text(encoding="utf-8"))
        functions = [r for r in template["Resources"].values() if r["Type"] == "AWS::Serverless::Function"]
        for function in functions:
            tag = function["Properties"].get("Tags", {}).get("aws-chalice", "")
            if f"stage={self.peerlearn_stage}:" not in tag:
                raise ConfigError(f"{prebuilt} was packaged for another stage ({tag!r}), not {self.peerlearn_stage!r}")
        # Apply the stage_config the in-process packaging would have applied.
        config = self.stage_config or {}
        for function in functions:
            variables = function["Properties"].setdefault("Environment", {}).setdefault("Variables", {})
            variables.update(config.get("environment_variables", {}))
        endpoint_type = config.get("api_gateway_endpoint_type")
        if endpoint_type and "RestAPI" in template["Resources"]:
            template["Resources"]["RestAPI"]["Properties"]["EndpointConfiguration"] = endpoint_type
        Path(self._sam_package_dir).mkdir(parents=True, exist_ok=True)
        for name in ("deployment.zip", "layer-deployment.zip"):
            if (prebuilt / name).is_file():
                shutil.copy2(prebuilt / name, Path(self._sam_package_dir, name))
        Path(self._sam_package_dir, "sam.json").write_text(json.dumps(template), encoding="utf-8")

    def _add_bytecode(self) -> int:
        """Add unchecked-hash .pyc files for every .py in deployment.zip; returns how many were added."""
        runtimes = {
            r["Properties"].get("Runtime")
            for r in self.template["Resources"].values()
            if r["Type"] == "AWS::Serverless::Function"
        }
        here = f"python{sys.version_info.major}.{sys.version_info.minor}"
        if runtimes != {here}:
            print(f"[infra] not adding bytecode: runtime {sorted(map(str, runtimes))} is not {here}", file=sys.stderr)
            return 0
        package = Path(self._sam_package_dir, "deployment.zip")
        with tempfile.TemporaryDirectory(prefix="peerlearn-pyc-") as tmp:
            with zipfile.ZipFile(package) as archive:
                # chalice also zips any __pycache__ of the working tree: mtime-checked, from this
                # machine. Replace them all with unchecked-hash bytecode built from the packaged sources.
                entries = [e for e in archive.infolist() if not e.filename.endswith(".pyc")]
                archive.extractall(tmp, members=[e for e in entries if e.filename.endswith(".py")])
                contents = {e.filename: archive.read(e.filename) for e in entries}
            compileall.compile_dir(
                tmp,
                quiet=2,
                workers=1,
                invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
                # Embedded file names as Lambda sees them (tracebacks), and no random temp path.
                stripdir=tmp,
                prependdir=LAMBDA_TASK_ROOT,
            )
            compiled = sorted(Path(tmp).rglob("*.pyc"))
            rebuilt = package.with_suffix(".pyc.zip")
            with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as dst:
                for entry in entries:
                    dst.writestr(entry, contents[entry.filename])
                for pyc in compiled:
                    info = zipfile.ZipInfo(pyc.relative_to(tmp).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
                    info.external_attr = 0o644 << 16
                    dst.writestr(info, pyc.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
            rebuilt.replace(package)
        return len(compiled)

    # -- what the packaged template contains -------------------------------------------------------

    @property
    def template(self) -> dict[str, Any]:
        """The SAM template chalice produced (before CDK values are substituted)."""
        return json.loads(Path(self._sam_package_dir, "sam.json").read_text(encoding="utf-8"))

    def logical_ids(self, resource_type: str) -> list[str]:
        return [k for k, v in self.template["Resources"].items() if v["Type"] == resource_type]

    def resource_properties(self, logical_id: str) -> dict[str, Any]:
        return dict(self.template["Resources"][logical_id]["Properties"])
