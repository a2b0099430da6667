"""Bulk Word import: a department's existing documents become draft policies, one transaction per file."""

import logging
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from interpretation.docx_import import DocxImportError, convert_docx, existing_policy, import_policy
from interpretation.models import DepartmentSectionPage

logger = logging.getLogger(__name__)

#: "<name>-解读.docx", "<name>_解读.docx", "<name>.jiedu.docx" or "<name>.jieduo.docx" interprets "<name>.docx".
INTERPRETATION_SUFFIX_RE = re.compile(r"(?:[-_]解读|\.jiedu|\.jieduo)$", re.IGNORECASE)


def pair_files(folder: Path) -> tuple[list[tuple[Path, Path | None]], list[tuple[str, str]]]:
    """(policy, interpretation or None) pairs in name order, and the interpretations left without a policy."""
    files = sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and path.suffix.lower() in (".docx", ".doc") and not path.name.startswith(("~$", "."))
    )
    interpretations = {}
    policies = []
    for path in files:
        base = INTERPRETATION_SUFFIX_RE.sub("", path.stem)
        if base != path.stem:
            interpretations[base] = path
        else:
            policies.append(path)
    pairs = [(path, interpretations.pop(path.stem, None)) for path in policies]
    orphans = [(path.name, f"找不到对应的政策文件 {base}.docx") for base, path in interpretations.items()]
    return pairs, orphans


class Command(BaseCommand):
    help = (
        "把文件夹中的 Word(.docx)文件批量导入为指定部门栏目下的政策文件草稿(不发布)。"
        "解读材料按文件名配对:“<名称>-解读.docx”“<名称>_解读.docx”“<名称>.jiedu.docx”或“<名称>.jieduo.docx”"
        "作为“<名称>.docx”的文字解读草稿。每个文件单独提交,失败的文件跳过并列出;"
        "栏目中已有相同文号或标题的文件不会重复导入,可放心重复运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="存放 .docx 文件的文件夹")
        parser.add_argument("--section", required=True, help="部门代码,例如 jingji")
        parser.add_argument("--user", help="记为起草人的用户名(可选;须有该栏目的添加权限)")
        parser.add_argument("--dry-run", action="store_true", help="只检查和转换,不写入数据库")

    def handle(self, folder, section, user=None, dry_run=False, **options):
        folder_path = Path(folder)
        if not folder_path.is_dir():
            raise CommandError(f"找不到文件夹:{folder}")
        section_page = DepartmentSectionPage.objects.filter(department__code=section).first()
        if section_page is None:
            raise CommandError(f"找不到代码为 {section} 的部门栏目")
        owner = None
        if user:
            owner = get_user_model().objects.filter(username=user).first()
            if owner is None:
                raise CommandError(f"找不到用户 {user}")
            if not section_page.permissions_for_user(owner).can_add_subpage():
                raise CommandError(f"用户 {user} 无权在“{section_page.title}”中添加文件")

        pairs, failures = pair_files(folder_path)
        imported, skipped = [], []
        progress = tqdm(pairs, desc="导入", unit="个", file=self.stderr._out, disable=not pairs)
        for policy_path, interpretation_path in progress:
            progress.set_postfix_str(policy_path.name, refresh=False)
            try:
                policy_doc = convert_docx(policy_path.read_bytes(), filename=policy_path.name)
                interpretation_doc = (
                    convert_docx(interpretation_path.read_bytes(), filename=interpretation_path.name)
                    if interpretation_path
                    else None
                )
                duplicate = existing_policy(section_page, policy_doc)
                if duplicate is not None:
                    skipped.append((policy_path.name, f"栏目中已有“{duplicate.get_admin_display_title()}”"))
                    continue
                if not dry_run:
                    import_policy(section_page, policy_doc, interpretation_doc, user=owner)
                imported.append((policy_path.name, policy_doc, interpretation_path))
            except DocxImportError as exc:
                logger.info("Bulk import refused: %s", exc)
                failures.append((policy_path.name, exc.user_message))
            except Exception as exc:
                logger.exception("Bulk import failed for %s", policy_path)
                failures.append((policy_path.name, f"导入出错,未创建任何内容:{exc}"))
        progress.close()
        self._summary(imported, skipped, failures, dry_run)

    def _summary(self, imported, skipped, failures, dry_run):
        for name, doc, interpretation_path in imported:
            extra = f",含解读 {interpretation_path.name}" if interpretation_path else ""
            self.stdout.write(f"  + {name}:{doc.title} {doc.document_number}{extra}")
        for name, reason in skipped:
            self.stdout.write(f"  = {name}:已跳过,{reason}")
        prefix = "试运行(未写入):可" if dry_run else ""
        line = f"{prefix}导入 {len(imported)} 个,失败 {len(failures)} 个"
        if skipped:
            line += f",跳过已存在 {len(skipped)} 个"
        self.stdout.write(self.style.SUCCESS(line) if not failures else self.style.WARNING(line))
        for name, reason in failures:
            self.stdout.write(f"  ✗ {name}:{reason}")
