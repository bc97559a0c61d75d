"""Interfaces from the EHR: HL7 v2 (ADT, DFT) read into intake values, ACKs, MLLP framing; the intake values
every EHR message (HL7 v2 or FHIR) becomes before `services.interface_inbox` applies it. Pure: no database."""
