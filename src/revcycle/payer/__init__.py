"""What a practice knows of its payers' terms: contracts and fee schedules, and the eligibility models."""
