from .catalogue import CatalogueEdition
from .handling import AmendmentRequest, Consultation, DisclosedFile, Extension, HandlingNote, Reply
from .office import RequestOffice
from .report import AnnualReport
from .request import InformationRequest, InformationRequestQuerySet

__all__ = [
    "AnnualReport",
    "AmendmentRequest",
    "CatalogueEdition",
    "Consultation",
    "DisclosedFile",
    "Extension",
    "HandlingNote",
    "InformationRequest",
    "InformationRequestQuerySet",
    "Reply",
    "RequestOffice",
]
