"""The practice: organization, providers, facilities, payers and plans, patients, coverages, encounters (pure domain)."""
