from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule, with the Dutch message its translations lack for this wording."""

    def get_error_message(self):
        return f"Dit wachtwoord is te kort. Gebruik minstens {self.min_length} tekens."
