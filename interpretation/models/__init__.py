from interpretation.models.bundle import BundleRelease, BundleSignature, DisclosureApproval
from interpretation.models.library import BodySectionPage, DepartmentSectionPage, PolicyLibraryPage
from interpretation.models.materials import (
    MATERIAL_PAGE_TYPES,
    AudioMaterialPage,
    GraphicImage,
    GraphicKeyPoint,
    GraphicMaterialPage,
    MaterialPage,
    QAMaterialPage,
    QAPair,
    TextMaterialPage,
    VideoMaterialPage,
)
from interpretation.models.policy import PolicyAttachment, PolicyDocumentPage, public_policies
from interpretation.models.taxonomy import DraftingDepartment, IndexNumberSequence, Topic

__all__ = [
    "MATERIAL_PAGE_TYPES",
    "AudioMaterialPage",
    "BodySectionPage",
    "BundleRelease",
    "BundleSignature",
    "DepartmentSectionPage",
    "DisclosureApproval",
    "DraftingDepartment",
    "GraphicImage",
    "GraphicKeyPoint",
    "GraphicMaterialPage",
    "IndexNumberSequence",
    "MaterialPage",
    "PolicyAttachment",
    "PolicyDocumentPage",
    "PolicyLibraryPage",
    "QAMaterialPage",
    "QAPair",
    "TextMaterialPage",
    "Topic",
    "VideoMaterialPage",
    "public_policies",
]

# Workflow tasks are models too; they live in their own module (imported last: it uses the models above).
from interpretation.workflows import OpennessOfficeReviewTask, ThreeSyncSignTask  # noqa: E402

__all__ += ["OpennessOfficeReviewTask", "ThreeSyncSignTask"]
