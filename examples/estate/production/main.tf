# What Git wants for production. terraform.tfstate records what runs now (applied from applied.tf.txt),
# so a plan shows the drift between the two.

resource "terraform_data" "web" {
  input = {
    image    = "registry.example.com/web:1.5.0"
    replicas = 6
    env      = { LOG_LEVEL = "info" }
  }
}

resource "terraform_data" "queue" {
  input = { name = "orders", retention_days = 14 }
}

resource "terraform_data" "firewall" {
  input = { allowed_sources = ["10.0.0.0/8", "0.0.0.0/0"], port = 443 }
}
